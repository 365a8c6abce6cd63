#pragma once
// One PostgreSQL connection of the pool. A connection found broken is replaced on its next use,
// so a database restart costs the requests in flight, not the process.
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "store/db_span.hpp"
#include "store/named_sql.hpp"
#include "store/store.hpp"

namespace authlens::store::postgres {

class Connection {
 public:
  // Connects now, so a bad URL or an unreachable server fails at start; throws StoreError.
  Connection(std::string conninfo, trace::Tracer* tracer);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The live connection with every statement of sql::kAll prepared; reconnects when broken.
  pqxx::connection& get();
  // The live connection without preparing (migrations run before the tables exist).
  pqxx::connection& raw();

  // Runs a prepared statement inside its database span; failures leave as StoreError.
  template <class Tx, class... Args>
  pqxx::result exec(Tx& tx, const NamedSql& sql, Args&&... args) {
    DbSpan span(tracer_, kDbSystemPostgres, sql.name);
    try {
      return tx.exec_prepared(std::string(sql.name), std::forward<Args>(args)...);
    } catch (...) {
      fail(span, sql.name);
    }
  }

  // Runs `fn()` inside a span named `name`, translating failures; for BEGIN, COMMIT, scripts.
  template <class Fn>
  auto traced(std::string_view name, Fn&& fn) {
    DbSpan span(tracer_, kDbSystemPostgres, name);
    try {
      return fn();
    } catch (...) {
      fail(span, name);
    }
  }

  // Failures that are the database's fault (connection lost, disk full, read-only) go here.
  void observe(StoreHealth* health) noexcept { health_ = health; }

 private:
  // Turns the exception in flight into StoreError (marking the connection broken when it is).
  [[noreturn]] void fail(DbSpan& span, std::string_view operation);
  void connect();

  std::string conninfo_;
  trace::Tracer* tracer_;
  StoreHealth* health_ = nullptr;
  std::unique_ptr<pqxx::connection> conn_;
  bool prepared_ = false;
  bool broken_ = false;
};

}  // namespace authlens::store::postgres
