// The Challenges port on PostgreSQL (see pg_transaction.hpp).
#include "store/postgres/pg_rows.hpp"
#include "store/postgres/pg_statements.hpp"
#include "store/postgres/pg_transaction.hpp"

namespace authlens::store::postgres {

void PgTransaction::put_challenge(const ChallengeRecord& c) {
  exec(sql::kPutChallenge, bytes(c.handle_hash), c.kind, c.account_id, c.credential_version,
       bytes(c.data), c.expires_at, c.failures);
}

std::optional<ChallengeRecord> PgTransaction::find_challenge(const Digest& handle_hash,
                                                             std::int64_t now) {
  const auto r = exec(sql::kSelectChallenge, bytes(handle_hash), now);
  if (r.empty()) return std::nullopt;
  return read_challenge(r[0]);
}

void PgTransaction::count_challenge_failure(const Digest& handle_hash) {
  exec(sql::kCountChallengeFailure, bytes(handle_hash));
}

void PgTransaction::delete_challenge(const Digest& handle_hash) {
  exec(sql::kDeleteChallenge, bytes(handle_hash));
}

void PgTransaction::delete_challenges_of(std::int64_t account_id) {
  exec(sql::kDeleteChallengesOf, account_id);
}

}  // namespace authlens::store::postgres
