#pragma once
// One SQLite connection with its prepared statements, cached by statement name. Every statement
// runs inside a database span and SQLite failures leave as StoreError.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/db_span.hpp"
#include "store/error_text.hpp"
#include "store/named_sql.hpp"
#include "store/sqlite/sqlite_bind.hpp"
#include "store/store.hpp"

namespace authlens::store::sqlite {

class Connection {
 public:
  // Opens (creating) `path` and sets the per-connection pragmas; a writer queues behind another
  // for at most `busy_wait` (until wait_at_most says otherwise).
  Connection(const std::string& path, trace::Tracer* tracer, std::chrono::milliseconds busy_wait);

  // How long the next statements may queue for the write lock (SQLite's busy timeout): the time
  // left of the caller's deadline. The one wait SQLite has, so it bounds the inline path too.
  void wait_at_most(std::chrono::milliseconds wait);

  // Runs `sql` with `args` bound in order and calls on_row(statement) for each result row.
  template <class OnRow, class... Args>
  void run(const NamedSql& sql, OnRow&& on_row, const Args&... args) {
    DbSpan span(tracer_, kDbSystemSqlite, sql.name);
    try {
      SQLite::Statement& st = statement(sql);
      // Resetting releases the statement's read snapshot and drops bound copies of secrets.
      struct Reset {
        SQLite::Statement& st;
        ~Reset() {
          st.tryReset();
          try {
            st.clearBindings();
          } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to undo
          }
        }
      } reset{st};
      bind_all(st, args...);
      while (st.executeStep()) on_row(st);
    } catch (const SQLite::Exception& e) {
      span.fail(e.getErrorStr());
      note_failure(e);
      throw_store_error(e, sql.name);
    }
  }

  // Runs a statement that returns no rows; the number of rows it changed.
  template <class... Args>
  int exec(const NamedSql& sql, const Args&... args) {
    run(
        sql, [](SQLite::Statement&) {}, args...);
    return db_.getChanges();
  }

  // Ends an open transaction, if any; for destructors and error paths, so it never throws.
  void rollback_quietly() noexcept;

  // Unprepared SQL for schema migrations (several statements at once).
  void exec_script(const NamedSql& sql);

  SQLite::Database& database() noexcept { return db_; }

  // Failures that are the database's fault (full, read-only, I/O) are reported here.
  void observe(StoreHealth* health) noexcept { health_ = health; }

 private:
  void note_failure(const SQLite::Exception& e) noexcept;
  // StoreTimeout when the write lock was not free in time (SQLITE_BUSY), else StoreError.
  [[noreturn]] static void throw_store_error(const SQLite::Exception& e, std::string_view what);

  SQLite::Statement& statement(const NamedSql& sql);

  SQLite::Database db_;
  trace::Tracer* tracer_;
  StoreHealth* health_ = nullptr;
  std::unordered_map<std::string_view, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace authlens::store::sqlite
