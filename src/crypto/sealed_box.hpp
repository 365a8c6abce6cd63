#pragma once
// Secrets that must wait at rest (a mailed code in the outbox, a TOTP key) are sealed:
// XChaCha20-Poly1305 (libsodium) under a subkey derived from the deployment's server key for one
// use only (`context`), bound to associated data (the row they belong to), so a table read gives
// nothing and a sealed value cannot be moved to another row.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authlens::crypto {

using Key = std::array<std::uint8_t, 32>;
using Bytes = std::vector<std::uint8_t>;

class SealedBox {
 public:
  // `context`: exactly 8 characters naming the use (libsodium's KDF context).
  SealedBox(const Key& server_key, const char (&context)[9]);
  ~SealedBox();
  SealedBox(const SealedBox&) = delete;
  SealedBox& operator=(const SealedBox&) = delete;

  Bytes seal(std::string_view plaintext, std::string_view associated) const;
  // The plaintext, or nullopt when the box was made for other data or key, or was altered.
  std::optional<std::string> open(const Bytes& sealed, std::string_view associated) const;

 private:
  Key key_{};
};

}  // namespace authlens::crypto
