// The Challenges port on SQLite (see sqlite_transaction.hpp).
#include "store/sqlite/sqlite_rows.hpp"
#include "store/sqlite/sqlite_statements.hpp"
#include "store/sqlite/sqlite_transaction.hpp"

namespace authlens::store::sqlite {

void SqliteTransaction::put_challenge(const ChallengeRecord& c) {
  conn().exec(sql::kPutChallenge, c.handle_hash, std::string_view(c.kind), c.account_id,
              c.credential_version, c.data, c.expires_at, c.failures);
}

std::optional<ChallengeRecord> SqliteTransaction::find_challenge(const Digest& handle_hash,
                                                                 std::int64_t now) {
  std::optional<ChallengeRecord> found;
  conn().run(
      sql::kSelectChallenge, [&](SQLite::Statement& st) { found = read_challenge(st); },
      handle_hash, now);
  return found;
}

void SqliteTransaction::count_challenge_failure(const Digest& handle_hash) {
  conn().exec(sql::kCountChallengeFailure, handle_hash);
}

void SqliteTransaction::delete_challenge(const Digest& handle_hash) {
  conn().exec(sql::kDeleteChallenge, handle_hash);
}

void SqliteTransaction::delete_challenges_of(std::int64_t account_id) {
  conn().exec(sql::kDeleteChallengesOf, account_id);
}

}  // namespace authlens::store::sqlite
