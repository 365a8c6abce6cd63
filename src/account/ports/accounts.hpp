#pragma once
// Accounts: one per proven address.
#include <optional>
#include <string_view>

#include "account/ports/records.hpp"

namespace authlens::account::ports {

class Accounts {
 public:
  virtual ~Accounts() = default;
  virtual std::optional<AccountRecord> find_account_by_email(std::string_view email) = 0;
  virtual std::optional<AccountRecord> find_account_by_id(std::int64_t account_id) = 0;
  // Creates an account for an address that has just proven itself; the hash is of the NFKC form.
  virtual std::int64_t insert_account(std::string_view email, std::string_view password_hash,
                                      std::int64_t now) = 0;
  // A new password (of its NFKC form): a credential change, so the credential version moves.
  virtual void set_password_hash(std::int64_t account_id, std::string_view password_hash) = 0;
  // The same password hashed anew (the NFKC form, or newer parameters): not a credential change.
  // Written only while the credential version is still `expected_version`; false when it moved.
  virtual bool rehash_password(std::int64_t account_id, std::int64_t expected_version,
                               std::string_view password_hash) = 0;
  // A credential other than the password was added or removed.
  virtual void bump_credential_version(std::int64_t account_id) = 0;
  // Removes the account with its sessions and credentials.
  virtual void delete_account(std::int64_t account_id) = 0;
};

}  // namespace authlens::account::ports
