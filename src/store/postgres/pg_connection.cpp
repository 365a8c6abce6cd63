#include "store/postgres/pg_connection.hpp"

#include "store/error_text.hpp"
#include "store/postgres/pg_statements.hpp"

namespace authlens::store::postgres {
namespace {

// Bounded waits on the server side too: a stuck lock or query fails the request instead of
// holding a pooled connection forever.
constexpr const char* kSessionSettings =
    "SET statement_timeout = '30s'; SET lock_timeout = '10s'; "
    "SET idle_in_transaction_session_timeout = '60s'";

}  // namespace

Connection::Connection(std::string conninfo, trace::Tracer* tracer)
    : conninfo_(std::move(conninfo)), tracer_(tracer) {
  connect();
}

Connection::~Connection() = default;

void Connection::connect() {
  conn_.reset();
  prepared_ = false;
  broken_ = false;
  try {
    auto conn = std::make_unique<pqxx::connection>(conninfo_);
    pqxx::nontransaction setup(*conn);
    setup.exec(kSessionSettings);
    setup.commit();
    conn_ = std::move(conn);
  } catch (const std::exception& e) {
    // libpq's message names host and port, never the password.
    throw StoreError("cannot connect to PostgreSQL: " + first_line(e.what()));
  }
}

pqxx::connection& Connection::raw() {
  if (broken_ || !conn_ || !conn_->is_open()) connect();
  return *conn_;
}

pqxx::connection& Connection::get() {
  pqxx::connection& conn = raw();
  if (!prepared_) {
    // Prepared now rather than on first use: a typo fails at start, and libpqxx 6 leaks a result
    // when a lazy PREPARE meets a connection the server has closed.
    try {
      for (const NamedSql& s : sql::kAll) {
        conn.prepare(std::string(s.name), std::string(s.sql));
        conn.prepare_now(std::string(s.name));
      }
    } catch (const std::exception& e) {
      broken_ = true;
      throw StoreError("cannot prepare statements: " + first_line(e.what()));
    }
    prepared_ = true;
  }
  return conn;
}

void Connection::fail(DbSpan& span, std::string_view operation) {
  std::string message;
  bool database_at_fault = false;
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    broken_ = true;  // replaced on next use, once no transaction refers to it
    message = "connection lost: " + first_line(e.what());
    database_at_fault = true;
  } catch (const pqxx::in_doubt_error& e) {
    broken_ = true;
    message = "commit outcome unknown: " + first_line(e.what());
    database_at_fault = true;
  } catch (const pqxx::sql_error& e) {
    message = "SQLSTATE " + e.sqlstate() + ": " + first_line(e.what());
    // 53: insufficient resources (disk full, out of memory); 58: system error (I/O);
    // 57P: operator intervention (shutdown); 25006: read-only transaction (a standby).
    const auto& state = e.sqlstate();
    database_at_fault = state.starts_with("53") || state.starts_with("58") ||
                        state.starts_with("57P") || state == "25006";
  } catch (const StoreError& e) {
    message = e.what();
  } catch (const std::exception& e) {
    message = first_line(e.what());
  }
  span.fail(message);
  if (database_at_fault && health_ != nullptr) {
    try {
      health_->failed(message);
    } catch (...) {  // NOLINT(bugprone-empty-catch): reporting must not mask the failure
    }
  }
  throw StoreError(std::string(operation) + ": " + message);
}

}  // namespace authlens::store::postgres
