#include "store/postgres/pg_store.hpp"

#include <algorithm>
#include <chrono>

#include "store/postgres/pg_conninfo.hpp"
#include "store/postgres/pg_migrations.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/postgres/pg_statements.hpp"
#include "store/postgres/pg_transaction.hpp"

namespace authlens::store {

PgStore::PgStore(const PostgresTarget& target, trace::Tracer* tracer, const StoreOptions& options)
    : timeout_(options.timeout), context_(std::make_unique<postgres::PoolContext>()) {
  context_->conninfo = postgres::bounded_conninfo(target.conninfo, options.pg, options.timeout);
  context_->tracer = tracer;
  context_->timeouts = options.pg;
  std::vector<std::unique_ptr<postgres::Connection>> conns;
  for (int i = 0; i < target.pool_size; ++i) {
    conns.push_back(std::make_unique<postgres::Connection>(*context_));
  }
  // A migration may take longer than any request may (a new index on a big table): no
  // statement or lock timeout while it runs.
  auto& first = *conns.front();
  first.traced("migration_timeouts", [&] {
    pqxx::nontransaction tx(first.raw());
    tx.exec("SET statement_timeout = 0; SET lock_timeout = 0");
  });
  postgres::migrate(first);
  first.traced("request_timeouts", [&] {
    pqxx::nontransaction tx(first.raw());
    tx.exec("RESET statement_timeout; RESET lock_timeout");
  });
  context_->health = &health_;
  pool_ = std::make_unique<postgres::Pool>(std::move(conns), options.timeout);
  const auto r = autocommit(postgres::sql::kSelectServerKey);
  if (r.empty()) throw StoreError("server key missing from the meta table");
  server_key_ = postgres::read_digest(r[0][0]);
}

PgStore::~PgStore() = default;

template <class... Args>
pqxx::result PgStore::autocommit(const NamedSql& sql, Args&&... args) {
  postgres::PooledUse conn(*pool_, deadline());
  auto tx =
      conn->traced("begin", [&] { return std::make_unique<pqxx::nontransaction>(conn->get()); });
  return conn->exec(*tx, sql, std::forward<Args>(args)...);
}

std::unique_ptr<Transaction> PgStore::begin() {
  return std::make_unique<postgres::PgTransaction>(*pool_, deadline());
}

std::optional<Session> PgStore::find_session(const Digest& token_hash, std::int64_t now) {
  const auto r = autocommit(postgres::sql::kSelectBearerSession, postgres::bytes(token_hash), now);
  if (r.empty()) return std::nullopt;
  return postgres::read_bearer_session(r[0]);
}

void PgStore::record_session_uses(const std::vector<SessionUse>& uses) {
  if (uses.empty()) return;
  auto conn = pool_->acquire();
  auto tx = conn->traced("begin", [&] { return std::make_unique<pqxx::work>(conn->get()); });
  for (const auto& use : uses) conn->exec(*tx, postgres::sql::kRecordSessionUse, use.at, use.id);
  conn->traced("commit", [&] { tx->commit(); });
}

std::vector<QueuedMail> PgStore::claim_due_mail(std::int64_t now, std::int64_t lease_until,
                                                int limit) {
  const auto r = autocommit(postgres::sql::kClaimDueMail, lease_until, now, limit);
  std::vector<QueuedMail> claimed;
  claimed.reserve(r.size());
  for (const auto& row : r) claimed.push_back(postgres::read_queued_mail(row));
  // RETURNING gives no order guarantee; the worker delivers in the claim's order.
  std::sort(claimed.begin(), claimed.end(), goes_before);
  return claimed;
}

void PgStore::mark_mail_sent(std::int64_t id, std::int64_t now) {
  autocommit(postgres::sql::kMarkMailSent, now, id);
}

void PgStore::mark_mail_failed(std::int64_t id, int attempts, std::int64_t next_attempt_at,
                               std::string_view error) {
  autocommit(postgres::sql::kMarkMailFailed, attempts, next_attempt_at, postgres::text(error), id);
}

std::int64_t PgStore::pending_mail_count() {
  return autocommit(postgres::sql::kCountPendingMail)[0][0].as<std::int64_t>();
}

bool PgStore::ping() noexcept {
  try {
    postgres::PooledUse conn(*pool_, deadline());
    pqxx::nontransaction tx(conn->get());
    return conn->exec(tx, postgres::sql::kPing).size() == 1;
  } catch (...) {
    return false;
  }
}

void PgStore::probe_write() noexcept {
  try {
    postgres::PooledUse conn(*pool_, deadline());
    // A real write (a new row version, WAL): refused by a standby, a full disk, a read-only
    // database; unprepared because it runs every few seconds at most.
    conn->traced("write_probe", [&] {
      pqxx::work tx(conn->get());
      tx.exec("UPDATE meta SET value = value WHERE name = 'server_key'");
      tx.commit();
    });
    health_.wrote();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the connection told health_ what failed
  }
}

void PgStore::purge(std::int64_t now, std::int64_t events_before, std::int64_t sent_before) {
  const auto until = deadline();
  postgres::PooledUse conn(*pool_, until);
  auto tx = conn->traced("begin", [&] { return std::make_unique<pqxx::work>(conn->get()); });
  // Housekeeping may take longer than a request's statement (its caller gives it more time).
  conn->traced("purge_timeout", [&] {
    tx->exec("SET LOCAL statement_timeout = " +
             std::to_string(std::max<long long>(1, time_left(until).count())));
  });
  conn->exec(*tx, postgres::sql::kPurgeSessions, now);
  conn->exec(*tx, postgres::sql::kPurgeCodes, now);
  conn->exec(*tx, postgres::sql::kPurgeChallenges, now);
  conn->exec(*tx, postgres::sql::kPurgeEvents, events_before);
  conn->exec(*tx, postgres::sql::kPurgeSentMail, sent_before);
  conn->traced("commit", [&] { tx->commit(); });
}

}  // namespace authlens::store
