#pragma once
// Argon2id through libsodium. Slow on purpose (tens of milliseconds, 64 MiB by default): the HTTP
// layer runs every flow that calls this on the bounded hashing pool, never on an I/O thread.
#include <cstddef>
#include <string>
#include <string_view>

namespace authlens::account {

struct Argon2Params {
  unsigned long long opslimit;  // libsodium's t_cost
  std::size_t memlimit;         // bytes
  static Argon2Params interactive() noexcept;
};

class PasswordHasher {
 public:
  explicit PasswordHasher(Argon2Params params);

  std::string hash(std::string_view password) const;
  bool verify(std::string_view stored_hash, std::string_view password) const;
  // True when the stored hash was made with other parameters (rehash after a good login).
  bool needs_rehash(std::string_view stored_hash) const;
  // Spends the time of a real verification, so unknown accounts answer as slowly as known ones.
  void verify_dummy(std::string_view password) const;

 private:
  Argon2Params params_;
  std::string dummy_hash_;
};

}  // namespace authlens::account
