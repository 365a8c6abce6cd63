#pragma once
// Codes wait in the outbox sealed, so reading the table does not give them away: XChaCha20-
// Poly1305 (libsodium) under a key derived from the deployment's server key, bound to the row's
// recipient and kind so a sealed code cannot be moved to another message.
#include <optional>
#include <string>
#include <string_view>

#include "crypto/sealed_box.hpp"
#include "store/store.hpp"

namespace authlens::mail {

class CodeSeal {
 public:
  explicit CodeSeal(const store::Digest& server_key) : box_(server_key, "mailseal") {}

  store::Bytes seal(std::string_view code, std::string_view recipient, std::string_view kind) const;
  // The code, or nullopt when the seal was made for another message or key, or was altered.
  std::optional<std::string> open(const store::Bytes& sealed, std::string_view recipient,
                                  std::string_view kind) const;

 private:
  crypto::SealedBox box_;
};

}  // namespace authlens::mail
