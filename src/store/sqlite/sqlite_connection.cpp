#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include "store/sqlite/sqlite_statements.hpp"

namespace authlens::store::sqlite {
namespace {

SQLite::Database open(const std::string& path, std::chrono::milliseconds busy_wait) {
  try {
    return SQLite::Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                            static_cast<int>(busy_wait.count()));
  } catch (const SQLite::Exception& e) {
    throw StoreError("cannot open SQLite database: " + first_line(e.what()));
  }
}

}  // namespace

Connection::Connection(const std::string& path, trace::Tracer* tracer,
                       std::chrono::milliseconds busy_wait)
    : db_(open(path, busy_wait)), tracer_(tracer) {
  // foreign_keys is off by default and per connection; NORMAL is durable enough under WAL. The
  // write-ahead log is cut back to 16 MiB whenever it is reset (SQLite leaves it at its largest
  // otherwise: 120-140 MiB after a flood); SqliteStore::checkpoint resets it periodically.
  exec_script({"connection_pragmas",
               "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
               "PRAGMA journal_size_limit = 16777216;"});
}

void Connection::exec_script(const NamedSql& sql) {
  DbSpan span(tracer_, kDbSystemSqlite, sql.name);
  try {
    db_.exec(std::string(sql.sql));
  } catch (const SQLite::Exception& e) {
    span.fail(e.getErrorStr());
    note_failure(e);
    throw_store_error(e, sql.name);
  }
}

void Connection::wait_at_most(std::chrono::milliseconds wait) {
  sqlite3_busy_timeout(db_.getHandle(), static_cast<int>(std::max<long long>(1, wait.count())));
}

void Connection::throw_store_error(const SQLite::Exception& e, std::string_view what) {
  const std::string message = std::string(what) + ": " + first_line(e.what());
  const int code = e.getErrorCode() & 0xFF;
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) throw StoreTimeout(message);
  throw StoreError(message);
}

void Connection::note_failure(const SQLite::Exception& e) noexcept {
  if (health_ == nullptr) return;
  // Only what says the database itself is unusable; a constraint or a busy lock is the
  // request's or the moment's problem, not the database's.
  switch (e.getErrorCode() & 0xFF) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
    case SQLITE_PROTOCOL:
      try {
        // SQLite's messages for these carry no bound values (no secrets, no addresses).
        health_->failed(first_line(e.what()));
      } catch (...) {  // NOLINT(bugprone-empty-catch): reporting must not mask the failure
      }
      break;
    default:
      break;
  }
}

void Connection::rollback_quietly() noexcept {
  // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL).
  if (sqlite3_get_autocommit(db_.getHandle()) != 0) return;
  try {
    exec(sql::kRollback);
  } catch (const StoreError&) {  // the connection stays usable; the next BEGIN will tell
  }
}

SQLite::Statement& Connection::statement(const NamedSql& sql) {
  auto it = statements_.find(sql.name);
  if (it == statements_.end()) {
    auto st = std::make_unique<SQLite::Statement>(db_, std::string(sql.sql));
    it = statements_.emplace(sql.name, std::move(st)).first;
  }
  return *it->second;
}

}  // namespace authlens::store::sqlite
