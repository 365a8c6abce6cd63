#pragma once
// The password as a credential: Argon2id hashes (on the hashing pool: every call here may take
// tens of milliseconds), the NIST policy for new passwords, and checks that take as long for an
// account that does not exist.
#include <optional>
#include <string>
#include <string_view>

#include "account/address.hpp"
#include "account/kernel.hpp"
#include "account/strategies/password/password_hasher.hpp"
#include "account/strategies/password/password_policy.hpp"

namespace authlens::account {

inline constexpr std::string_view kPasswordMethod = "password";

class PasswordStrategy {
 public:
  PasswordStrategy(const Kernel& kernel, const PasswordHasher& hasher, const PasswordPolicy& policy)
      : kernel_(kernel), hasher_(hasher), policy_(policy) {}

  // The NFKC form of an acceptable new password for `address`, or weak_password. May ask the
  // breach service.
  Result<std::string> new_password(std::string_view raw, const Address& address) const;

  // Verifies `password` against the account's hash (its NFKC form; a hash that may predate
  // normalisation also its raw bytes when they differ). `rehash` then gets a hash of the NFKC
  // form when the stored one may be of the raw form or has old parameters.
  bool check(const ports::AccountRecord& account, std::string_view password,
             std::optional<std::string>* rehash) const;
  // Spends the time of a check, for an address without an account.
  void spend_dummy_check(std::string_view password) const;

  std::string hash(std::string_view normalized_password) const;

 private:
  bool verify(std::string_view stored_hash, std::string_view password) const;

  const Kernel& kernel_;
  const PasswordHasher& hasher_;
  const PasswordPolicy& policy_;
};

}  // namespace authlens::account
