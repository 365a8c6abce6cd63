#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <system_error>

#include <sqlite3.h>

#include "store/deadline.hpp"
#include "store/error_text.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sqlite/sqlite_rows.hpp"
#include "store/sqlite/sqlite_statements.hpp"
#include "store/sqlite/sqlite_transaction.hpp"

namespace authlens::store {
namespace {

// Enough for the request threads plus the mail worker; SQLite has one writer at a time anyway.
constexpr int kFilePoolSize = 4;

// The write probe: a row written and removed in one transaction, big enough to need fresh pages,
// so that it fails when real writes would (full disk, read-only file or folder).
constexpr NamedSql kProbeWrite{
    "write_probe",
    "INSERT OR REPLACE INTO meta (name, value) VALUES ('write_probe', randomblob(8192))"};
constexpr NamedSql kProbeClear{"write_probe_clear", "DELETE FROM meta WHERE name = 'write_probe'"};

std::string absolute_text(const std::string& path) {
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(path, ec);
  return ec ? path : absolute.string();
}

void create_parent_directories(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    throw StoreError("cannot create directory " + parent.string() + ": " + ec.message());
  }
}

}  // namespace

SqliteStore::SqliteStore(const SqliteTarget& target, trace::Tracer* tracer,
                         const StoreOptions& options)
    : timeout_(options.timeout) {
  try {
    open(target, tracer);
  } catch (const StoreError& e) {
    // Any failure to open, migrate or write the file at start is an operator's to fix (path,
    // permissions, space): say which file and why, and refuse to start.
    if (target.in_memory) throw;
    throw UnwritableDatabase("cannot use the database file " + absolute_text(target.path) + ": " +
                             e.what());
  }
}

void SqliteStore::open(const SqliteTarget& target, trace::Tracer* tracer) {
  // Each connection to ":memory:" is a database of its own, so memory gets exactly one.
  const int size = target.in_memory ? 1 : kFilePoolSize;
  if (!target.in_memory) create_parent_directories(target.path);

  std::vector<std::unique_ptr<sqlite::Connection>> conns;
  conns.push_back(std::make_unique<sqlite::Connection>(target.path, tracer, timeout_));
  auto& first = *conns.front();
  // WAL is a property of the file: readers no longer block the writer, set once here.
  if (!target.in_memory) first.exec_script({"journal_mode_wal", "PRAGMA journal_mode = WAL"});
  sqlite::migrate(first);
  bool found = false;
  first.run(sqlite::sql::kSelectServerKey, [&](SQLite::Statement& st) {
    server_key_ = sqlite::column_digest(st.getColumn(0));
    found = true;
  });
  if (!found) throw StoreError("server key missing from the meta table");

  for (int i = 1; i < size; ++i) {
    conns.push_back(std::make_unique<sqlite::Connection>(target.path, tracer, timeout_));
  }
  for (auto& conn : conns) conn->observe(&health_);
  // SQLite opens a file it may not write read-only without a word; every write would fail later.
  if (sqlite3_db_readonly(first.database().getHandle(), "main") == 1)
    throw StoreError("the file is read-only for this user");
  pool_ = std::make_unique<Pool>(std::move(conns), timeout_);
  write_probe();  // throws: a database that cannot take a write now stops the start
}

SqliteStore::~SqliteStore() = default;

SqliteStore::Pool::Lease SqliteStore::take() {
  const auto deadline = call_deadline(timeout_, health_.writable());
  const auto left = time_left(deadline);
  if (left.count() == 0)
    throw StoreTimeout("no time left for the database (the request's deadline has passed)");
  auto lease = pool_->acquire_for(left);
  lease->wait_at_most(time_left(deadline));
  return lease;
}

template <class Fn>
auto SqliteStore::write(Fn&& fn) {
  auto conn = take();
  conn->exec(sqlite::sql::kBegin);
  try {
    auto result = fn(*conn);
    conn->exec(sqlite::sql::kCommit);
    return result;
  } catch (...) {
    conn->rollback_quietly();
    throw;
  }
}

std::unique_ptr<Transaction> SqliteStore::begin() {
  return std::make_unique<sqlite::SqliteTransaction>(take());
}

std::optional<Session> SqliteStore::find_session(const Digest& token_hash, std::int64_t now) {
  std::optional<Session> found;
  auto conn = take();
  conn->run(
      sqlite::sql::kSelectBearerSession,
      [&](SQLite::Statement& st) { found = sqlite::read_bearer_session(st); }, token_hash, now);
  return found;
}

void SqliteStore::record_session_uses(const std::vector<SessionUse>& uses) {
  if (uses.empty()) return;
  write([&](sqlite::Connection& conn) {
    for (const auto& use : uses)
      conn.exec(sqlite::sql::kRecordSessionUse, use.at, std::string_view(use.id));
    return 0;
  });
}

std::vector<QueuedMail> SqliteStore::claim_due_mail(std::int64_t now, std::int64_t lease_until,
                                                    int limit) {
  auto claimed = write([&](sqlite::Connection& conn) {
    std::vector<QueuedMail> rows;
    conn.run(
        sqlite::sql::kClaimDueMail,
        [&](SQLite::Statement& st) { rows.push_back(sqlite::read_queued_mail(st)); }, lease_until,
        now, now, limit);
    return rows;
  });
  // RETURNING gives no order guarantee; the worker delivers in the claim's order.
  std::sort(claimed.begin(), claimed.end(), goes_before);
  return claimed;
}

void SqliteStore::mark_mail_sent(std::int64_t id, std::int64_t now) {
  write([&](sqlite::Connection& conn) { return conn.exec(sqlite::sql::kMarkMailSent, now, id); });
}

void SqliteStore::mark_mail_failed(std::int64_t id, int attempts, std::int64_t next_attempt_at,
                                   std::string_view error) {
  write([&](sqlite::Connection& conn) {
    return conn.exec(sqlite::sql::kMarkMailFailed, attempts, next_attempt_at, error, id);
  });
}

std::int64_t SqliteStore::pending_mail_count() {
  std::int64_t count = 0;
  auto conn = take();
  conn->run(sqlite::sql::kCountPendingMail,
            [&](SQLite::Statement& st) { count = st.getColumn(0).getInt64(); });
  return count;
}

bool SqliteStore::ping() noexcept {
  try {
    auto conn = take();
    bool answered = false;
    conn->run(sqlite::sql::kPing, [&](SQLite::Statement&) { answered = true; });
    return answered;
  } catch (...) {
    return false;
  }
}

void SqliteStore::purge(std::int64_t now, std::int64_t events_before, std::int64_t sent_before) {
  write([&](sqlite::Connection& conn) {
    conn.exec(sqlite::sql::kPurgeSessions, now);
    conn.exec(sqlite::sql::kPurgeCodes, now);
    conn.exec(sqlite::sql::kPurgeChallenges, now);
    conn.exec(sqlite::sql::kPurgeEvents, events_before);
    return conn.exec(sqlite::sql::kPurgeSentMail, sent_before);
  });
}

void SqliteStore::write_probe() {
  write([](sqlite::Connection& conn) {
    conn.exec(kProbeWrite);
    return conn.exec(kProbeClear);
  });
  health_.wrote();
}

// Readers that keep reading hold checkpoints back (each one needs the log up to its snapshot), so
// under a flood the log only grows; journal_size_limit (sqlite_connection.cpp) truncates it only
// when it is reset. A TRUNCATE checkpoint moves everything into the file and empties the log,
// but waits for writers and readers: it gets a short busy timeout, so a busy moment costs a skip,
// not a stall of every writer behind it for the store timeout.
void SqliteStore::checkpoint() noexcept {
  try {
    constexpr auto kBusyMoment = std::chrono::milliseconds(100);  // then skip: next run retries
    auto conn = pool_->acquire_for(kBusyMoment);
    conn->wait_at_most(kBusyMoment);
    try {
      conn->exec_script({"wal_checkpoint", "PRAGMA wal_checkpoint(TRUNCATE)"});
    } catch (...) {  // NOLINT(bugprone-empty-catch): the timeout goes back either way
    }
    conn->wait_at_most(timeout_);
  } catch (...) {  // NOLINT(bugprone-empty-catch): busy or failing now; the next run tries again
  }
}

void SqliteStore::probe_write() noexcept {
  try {
    write_probe();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the connection told health_ what failed
  }
}

}  // namespace authlens::store
