// The Credentials port on SQLite (see sqlite_transaction.hpp). Every write refreshes the
// account's credential summary in the same transaction.
#include "store/sqlite/sqlite_rows.hpp"
#include "store/sqlite/sqlite_statements.hpp"
#include "store/sqlite/sqlite_transaction.hpp"

namespace authlens::store::sqlite {

std::vector<CredentialRecord> SqliteTransaction::find_credentials(std::int64_t account_id,
                                                                  std::string_view type) {
  std::vector<CredentialRecord> out;
  conn().run(
      sql::kSelectCredentials, [&](SQLite::Statement& st) { out.push_back(read_credential(st)); },
      account_id, type);
  return out;
}

std::optional<CredentialRecord> SqliteTransaction::find_credential_by_identifier(
    std::string_view type, const Bytes& identifier) {
  std::optional<CredentialRecord> found;
  if (identifier.empty()) return found;
  conn().run(
      sql::kSelectCredentialByIdentifier,
      [&](SQLite::Statement& st) { found = read_credential(st); }, type, identifier);
  return found;
}

std::int64_t SqliteTransaction::insert_credential(const CredentialRecord& c) {
  conn().exec(sql::kInsertCredential, c.account_id, std::string_view(c.type),
              std::string_view(c.state), c.identifier, c.secret, c.public_data,
              std::string_view(c.name), c.counter, c.created_at, c.last_used_at);
  const auto id = conn().database().getLastInsertRowid();
  conn().exec(sql::kRefreshCredentialSummary, c.account_id);
  return id;
}

bool SqliteTransaction::update_credential(const CredentialRecord& c,
                                          std::int64_t expected_counter) {
  const bool updated =
      conn().exec(sql::kUpdateCredential, std::string_view(c.state), std::string_view(c.name),
                  c.counter, c.last_used_at, c.id, expected_counter) > 0;
  if (updated) conn().exec(sql::kRefreshCredentialSummary, c.account_id);
  return updated;
}

bool SqliteTransaction::delete_credential(std::int64_t account_id, std::int64_t credential_id) {
  const bool deleted = conn().exec(sql::kDeleteCredential, account_id, credential_id) > 0;
  if (deleted) conn().exec(sql::kRefreshCredentialSummary, account_id);
  return deleted;
}

void SqliteTransaction::delete_credentials(std::int64_t account_id, std::string_view type) {
  conn().exec(sql::kDeleteCredentials, account_id, type);
  conn().exec(sql::kRefreshCredentialSummary, account_id);
}

}  // namespace authlens::store::sqlite
