#pragma once
// Credentials other than the password, kept for the strategies (strategies/*), one table for all
// of them: a new strategy stores its credentials here and needs no new store code.
#include <optional>
#include <string_view>
#include <vector>

#include "account/ports/records.hpp"

namespace authlens::account::ports {

class Credentials {
 public:
  virtual ~Credentials() = default;
  // The account's credentials of one type, oldest first.
  virtual std::vector<CredentialRecord> find_credentials(std::int64_t account_id,
                                                         std::string_view type) = 0;
  // The credential of `type` with this identifier, whoever's it is (discoverable passkeys).
  virtual std::optional<CredentialRecord> find_credential_by_identifier(
      std::string_view type, const Bytes& identifier) = 0;
  virtual std::int64_t insert_credential(const CredentialRecord& credential) = 0;
  // Writes state, counter and last_used_at; only while the counter is still `expected_counter`
  // (a compare-and-set: two requests using one TOTP step cannot both win). False when it moved.
  virtual bool update_credential(const CredentialRecord& credential,
                                 std::int64_t expected_counter) = 0;
  virtual bool delete_credential(std::int64_t account_id, std::int64_t credential_id) = 0;
  virtual void delete_credentials(std::int64_t account_id, std::string_view type) = 0;
};

}  // namespace authlens::account::ports
