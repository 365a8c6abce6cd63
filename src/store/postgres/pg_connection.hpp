#pragma once
// One PostgreSQL connection of the pool. Each use (from leaving the pool to coming back) has a
// deadline the watchdog enforces; a connection found broken, ended by the server while it sat in
// the pool, or not checked since the pool last saw the database fail, is checked or replaced at
// the start of its next use, so a database that came back costs no request an error.
#include <atomic>
#include <cstdint>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "store/db_span.hpp"
#include "store/deadline.hpp"
#include "store/named_sql.hpp"
#include "store/postgres/pg_connect.hpp"
#include "store/postgres/pg_watchdog.hpp"
#include "store/store.hpp"

extern "C" {
struct pg_result;
}

namespace authlens::store::postgres {

// What every connection of one pool shares.
struct PoolContext {
  std::string conninfo;
  trace::Tracer* tracer = nullptr;
  PgTimeouts timeouts;
  Watchdog watchdog;
  // Moves on whenever a connection fails for the database's sake (lost, timed out, refused):
  // connections not checked since are checked before their next use.
  std::atomic<std::uint64_t> generation{0};
  StoreHealth* health = nullptr;  // failures that are the database's fault go here
};

class Connection {
 public:
  // Connects now (within the context's connect timeout), so a bad URL or an unreachable server
  // fails at start; throws StoreError.
  explicit Connection(PoolContext& context);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts a use that must end by `deadline`: makes sure the connection works (replacing it if
  // not) and arms the watchdog. Throws StoreError (StoreTimeout when no time is left).
  void begin_use(DeadlineClock::time_point deadline);
  // Ends the use; a connection whose deadline fired is replaced on its next use.
  void end_use() noexcept;

  // The live connection with every statement of sql::kAll prepared.
  pqxx::connection_base& get();
  // The live connection without preparing (migrations run before the tables exist).
  pqxx::connection_base& raw();

  // Runs a prepared statement inside its database span; failures leave as StoreError.
  template <class Tx, class... Args>
  pqxx::result exec(Tx& tx, const NamedSql& sql, Args&&... args) {
    DbSpan span(context_.tracer, kDbSystemPostgres, sql.name);
    try {
      return tx.exec_prepared(std::string(sql.name), std::forward<Args>(args)...);
    } catch (...) {
      fail(span, sql.name);
    }
  }

  // Runs `fn()` inside a span named `name`, translating failures; for BEGIN, COMMIT, scripts.
  template <class Fn>
  auto traced(std::string_view name, Fn&& fn) {
    DbSpan span(context_.tracer, kDbSystemPostgres, name);
    try {
      return fn();
    } catch (...) {
      fail(span, name);
    }
  }

 private:
  // libpq's notice receiver: keeps the reason of a FATAL the server sends before it closes.
  static void on_notice(void* self, const pg_result* notice);

  // Turns the exception in flight into StoreError (marking the connection broken when it is).
  [[noreturn]] void fail(DbSpan& span, std::string_view operation);
  void connect(DeadlineClock::time_point deadline);
  void disconnect() noexcept;
  // Reads what the server sent while the connection sat idle (a FATAL before it closed, EOF);
  // false when the connection is gone. Never waits.
  bool still_open();
  // One round trip within the use's deadline; false when the connection turns out broken,
  // StoreTimeout when the database does not answer at all.
  bool answers();
  void report(const std::string& cause) noexcept;
  void lost() noexcept;

  PoolContext& context_;
  Watchdog::Entry watch_;
  std::unique_ptr<PqConnection> conn_;
  pg_conn* handle_ = nullptr;  // conn_'s libpq handle
  bool prepared_ = false;
  bool broken_ = false;
  std::uint64_t checked_generation_ = 0;
  DeadlineClock::time_point use_started_{};
  DeadlineClock::time_point use_deadline_{};
  std::string ended_by_server_;  // the FATAL the server sent before closing an idle connection
};

}  // namespace authlens::store::postgres
