#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <cstring>

#include "store/error_text.hpp"
#include "store/postgres/pg_reason.hpp"
#include "store/postgres/pg_statements.hpp"

namespace authlens::store::postgres {
namespace {

std::string ms_text(std::chrono::milliseconds value) {
  return std::to_string(value.count()) + " ms";
}

// What the health log says of a wait the watchdog ended: one wording per outage, however long
// each request had left.
constexpr const char* kNoAnswer = "timeout: PostgreSQL did not answer within the store timeout";
constexpr const char* kNoConnect =
    "timeout: PostgreSQL did not answer a new connection within the connect timeout";

// libpqxx 6 reconnects a broken connection by itself (PQreset) when a transaction begins: a
// blocking reconnect outside any deadline, that loses the session's notice receiver. The pool
// replaces broken connections itself, so that is switched off; the switch is deprecated in 6.4
// (libpqxx 7 dropped reactivation altogether).
void no_reactivation(pqxx::connection_base& conn) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  conn.inhibit_reactivation(true);
#pragma GCC diagnostic pop
}

}  // namespace

Connection::Connection(PoolContext& context) : context_(context) {
  connect(DeadlineClock::now() + context_.timeouts.connect);
  checked_generation_ = context_.generation.load();
}

Connection::~Connection() { disconnect(); }

void Connection::on_notice(void* self, const PGresult* notice) {
  const char* severity = PQresultErrorField(notice, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (severity == nullptr ||
      (std::strcmp(severity, "FATAL") != 0 && std::strcmp(severity, "PANIC") != 0))
    return;  // warnings and notices of our own statements say nothing we act on
  const char* state = PQresultErrorField(notice, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(notice, PG_DIAG_MESSAGE_PRIMARY);
  auto& connection = *static_cast<Connection*>(self);
  connection.ended_by_server_ = "SQLSTATE " + std::string(state != nullptr ? state : "?????") +
                                ": " + first_line(primary != nullptr ? primary : "");
}

void Connection::disconnect() noexcept {
  context_.watchdog.set_fd(watch_, -1);  // before the descriptor closes and its number is free
  conn_.reset();
  handle_ = nullptr;
  prepared_ = false;
}

void Connection::connect(DeadlineClock::time_point deadline) {
  const auto started = DeadlineClock::now();
  const auto until = std::min(deadline, started + context_.timeouts.connect);
  const std::string previous = std::exchange(ended_by_server_, {});
  disconnect();
  broken_ = false;
  bool timed_out = false;
  try {
    auto opened = open_connection(context_.conninfo, until, timed_out);
    conn_ = std::move(opened.conn);
    handle_ = opened.handle;
  } catch (const std::exception& e) {
    broken_ = true;
    lost();
    // A connection the server had ended says why the server went away; say that first.
    if (!previous.empty()) report("connection ended by the server: " + previous);
    if (timed_out) {
      // Only a wait the connect timeout cut short says the server is not answering; the end of
      // a request's own time says nothing about it.
      if (until - started >= context_.timeouts.connect) report(kNoConnect);
      throw StoreTimeout(
          "cannot connect to PostgreSQL: no answer within " +
          ms_text(std::chrono::duration_cast<std::chrono::milliseconds>(until - started)));
    }
    // libpq's message names host and port (or socket), never the password.
    const std::string message = "cannot connect to PostgreSQL: " + pg_reason(e.what());
    report(message);
    throw StoreError(message);
  }
  PQsetNoticeReceiver(handle_, &Connection::on_notice, this);
  no_reactivation(*conn_);
  context_.watchdog.set_fd(watch_, PQsocket(handle_));
  checked_generation_ = context_.generation.load();
}

pqxx::connection_base& Connection::raw() {
  if (broken_ || !conn_)
    connect(use_deadline_ == DeadlineClock::time_point{}
                ? DeadlineClock::now() + context_.timeouts.connect
                : use_deadline_);
  return *conn_;
}

pqxx::connection_base& Connection::get() {
  pqxx::connection_base& conn = raw();
  if (!prepared_) {
    // Prepared now rather than on first use: a typo fails at start, and libpqxx 6 leaks a result
    // when a lazy PREPARE meets a connection the server has closed.
    traced("prepare", [&] {
      for (const NamedSql& s : sql::kAll) {
        conn.prepare(std::string(s.name), std::string(s.sql));
        conn.prepare_now(std::string(s.name));
      }
    });
    prepared_ = true;
  }
  return conn;
}

bool Connection::still_open() {
  if (handle_ == nullptr || PQstatus(handle_) != CONNECTION_OK) return false;
  // A few rounds: a FATAL may come first and the end of the connection right after it.
  for (int round = 0; round < 4; ++round) {
    pollfd ready{PQsocket(handle_), POLLIN, 0};
    const int n = ::poll(&ready, 1, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n == 0;
    if (PQconsumeInput(handle_) == 0) return false;
    // Parses what came: a FATAL goes to on_notice, a parameter change is taken in.
    while (PGnotify* notify = PQnotifies(handle_)) PQfreemem(notify);
    // A FATAL is the server's last word: the end of the socket may still be on its way.
    if (PQstatus(handle_) != CONNECTION_OK || !ended_by_server_.empty()) return false;
  }
  return PQstatus(handle_) == CONNECTION_OK;
}

bool Connection::answers() {
  try {
    pqxx::nontransaction tx(get());
    tx.exec_prepared(std::string(sql::kPing.name));
    return true;
  } catch (const std::exception&) {
    if (!context_.watchdog.fired(watch_)) return false;
  }
  // The check itself met a database that does not answer: that is the outage, not this
  // connection's problem.
  broken_ = true;
  lost();
  const auto had =
      std::chrono::duration_cast<std::chrono::milliseconds>(use_deadline_ - use_started_);
  if (had >= context_.timeouts.statement) report(kNoAnswer);
  throw StoreTimeout("check: PostgreSQL did not answer within " + ms_text(had));
}

void Connection::begin_use(DeadlineClock::time_point deadline) {
  use_started_ = DeadlineClock::now();
  use_deadline_ = deadline;
  if (deadline <= use_started_)
    throw StoreTimeout(
        "no time left for the database (the request's deadline passed while it "
        "was failing)");
  context_.watchdog.arm(watch_, handle_ != nullptr ? PQsocket(handle_) : -1, deadline);
  try {
    if (broken_ || !still_open()) {
      connect(deadline);
    } else if (checked_generation_ != context_.generation.load()) {
      // The pool saw the database fail since this connection last worked: one round trip tells
      // whether it still does (a partition or a restart behind a proxy leaves no sign to read).
      if (!answers()) connect(deadline);
      checked_generation_ = context_.generation.load();
    }
    get();
  } catch (...) {
    end_use();
    throw;
  }
}

void Connection::end_use() noexcept {
  if (context_.watchdog.disarm(watch_)) broken_ = true;
  use_deadline_ = {};
}

void Connection::report(const std::string& cause) noexcept {
  if (context_.health == nullptr) return;
  try {
    context_.health->failed(cause);
  } catch (...) {  // NOLINT(bugprone-empty-catch): reporting must not mask the failure
  }
}

void Connection::lost() noexcept { context_.generation.fetch_add(1); }

void Connection::fail(DbSpan& span, std::string_view operation) {
  std::string message;
  bool database_at_fault = false;
  bool timeout = false;
  if (context_.watchdog.fired(watch_)) {
    // The watchdog ended the wait: whatever libpq says now is about the socket it shut down.
    broken_ = true;
    lost();
    timeout = true;
    const auto had =
        std::chrono::duration_cast<std::chrono::milliseconds>(use_deadline_ - use_started_);
    message = "PostgreSQL did not answer within " + ms_text(had) + " (timeout)";
    // Conclusive only when the server had time to cancel the statement itself and did not.
    if (had >= context_.timeouts.statement) report(kNoAnswer);
  } else {
    try {
      throw;
    } catch (const pqxx::broken_connection& e) {
      broken_ = true;  // replaced on next use, once no transaction refers to it
      lost();
      // libpq's own message holds the server's reason; libpqxx's is often generic.
      const char* libpq = handle_ != nullptr ? PQerrorMessage(handle_) : "";
      message = "connection lost: " + pg_reason(*libpq != '\0' ? libpq : e.what());
      database_at_fault = true;
    } catch (const pqxx::in_doubt_error& e) {
      broken_ = true;
      lost();
      message = "commit outcome unknown: " + pg_reason(e.what());
      database_at_fault = true;
    } catch (const pqxx::sql_error& e) {
      message = pg_reason(e.what());
      if (!message.starts_with("SQLSTATE ")) message = "SQLSTATE " + e.sqlstate() + ": " + message;
      // 53: insufficient resources (disk full, out of memory, too many connections); 58: system
      // error (I/O); 57P: operator intervention (shutdown); 25006: read-only transaction (a
      // standby, or default_transaction_read_only).
      const auto& state = e.sqlstate();
      database_at_fault = state.starts_with("53") || state.starts_with("58") ||
                          state.starts_with("57P") || state == "25006";
      // 57014 statement timeout, 55P03 lock timeout: the server canceled a wait; the connection
      // is fine.
      timeout = state == "57014" || state == "55P03";
      if (handle_ != nullptr && PQstatus(handle_) != CONNECTION_OK) {
        broken_ = true;
        lost();
      }
    } catch (const StoreError& e) {
      message = e.what();
      timeout = dynamic_cast<const StoreTimeout*>(&e) != nullptr;
    } catch (const std::exception& e) {
      message = first_line(e.what());
    }
  }
  span.fail(message);
  if (database_at_fault) report(message);
  if (timeout) throw StoreTimeout(std::string(operation) + ": " + message);
  throw StoreError(std::string(operation) + ": " + message);
}

}  // namespace authlens::store::postgres
