// The Credentials port on PostgreSQL (see pg_transaction.hpp). Every write refreshes the
// account's credential summary in the same transaction.
#include "store/postgres/pg_rows.hpp"
#include "store/postgres/pg_statements.hpp"
#include "store/postgres/pg_transaction.hpp"

namespace authlens::store::postgres {

std::vector<CredentialRecord> PgTransaction::find_credentials(std::int64_t account_id,
                                                              std::string_view type) {
  std::vector<CredentialRecord> out;
  for (const auto& row : exec(sql::kSelectCredentials, account_id, text(type)))
    out.push_back(read_credential(row));
  return out;
}

std::optional<CredentialRecord> PgTransaction::find_credential_by_identifier(
    std::string_view type, const Bytes& identifier) {
  if (identifier.empty()) return std::nullopt;
  const auto r = exec(sql::kSelectCredentialByIdentifier, text(type), bytes(identifier));
  if (r.empty()) return std::nullopt;
  return read_credential(r[0]);
}

std::int64_t PgTransaction::insert_credential(const CredentialRecord& c) {
  const auto id = exec(sql::kInsertCredential, c.account_id, c.type, c.state, bytes(c.identifier),
                       bytes(c.secret), bytes(c.public_data), c.name, c.counter, c.created_at,
                       c.last_used_at)[0][0]
                      .as<std::int64_t>();
  exec(sql::kRefreshCredentialSummary, c.account_id);
  return id;
}

bool PgTransaction::update_credential(const CredentialRecord& c, std::int64_t expected_counter) {
  const bool updated = exec(sql::kUpdateCredential, c.state, c.name, c.counter, c.last_used_at,
                            c.id, expected_counter)
                           .affected_rows() > 0;
  if (updated) exec(sql::kRefreshCredentialSummary, c.account_id);
  return updated;
}

bool PgTransaction::delete_credential(std::int64_t account_id, std::int64_t credential_id) {
  const bool deleted = exec(sql::kDeleteCredential, account_id, credential_id).affected_rows() > 0;
  if (deleted) exec(sql::kRefreshCredentialSummary, account_id);
  return deleted;
}

void PgTransaction::delete_credentials(std::int64_t account_id, std::string_view type) {
  exec(sql::kDeleteCredentials, account_id, text(type));
  exec(sql::kRefreshCredentialSummary, account_id);
}

}  // namespace authlens::store::postgres
