#include "store/postgres/pg_connect.hpp"

#include <libpq-fe.h>
#include <poll.h>

namespace authlens::store::postgres {
namespace {

// The attempt under way on this thread: libpqxx constructs the policy itself, from the options
// string only, so the deadline and the handle travel beside it.
struct Attempt {
  DeadlineClock::time_point deadline;
  pg_conn* handle = nullptr;
  bool timed_out = false;
};
thread_local Attempt* current_attempt = nullptr;

}  // namespace

DeadlineConnect::handle DeadlineConnect::do_startconnect(handle orig) {
  if (orig != nullptr) return orig;
  PGconn* conn = PQconnectStart(options().c_str());
  if (conn == nullptr) throw std::bad_alloc();
  // Verbose: every message carries its SQLSTATE (pg_reason.hpp reads it).
  PQsetErrorVerbosity(conn, PQERRORS_VERBOSE);
  if (PQstatus(conn) == CONNECTION_BAD) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw pqxx::broken_connection(message);
  }
  return conn;
}

DeadlineConnect::handle DeadlineConnect::do_completeconnect(handle orig) {
  const auto deadline =
      current_attempt != nullptr ? current_attempt->deadline : DeadlineClock::time_point::max();
  // libpq's protocol: act as if PQconnectPoll had asked to write, then do what it asks.
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  for (;;) {
    if (status == PGRES_POLLING_OK) break;
    if (status == PGRES_POLLING_FAILED) throw pqxx::broken_connection(PQerrorMessage(orig));
    pollfd ready{PQsocket(orig),
                 static_cast<short>(status == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    const auto left = time_left(deadline);
    const int waited =
        left.count() == 0
            ? 0
            : ::poll(&ready, 1,
                     deadline == DeadlineClock::time_point::max()
                         ? -1
                         : static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
    if (waited < 0 && errno == EINTR) continue;
    if (waited <= 0) {
      if (current_attempt != nullptr) current_attempt->timed_out = true;
      throw pqxx::broken_connection("timeout: no answer while connecting within the deadline");
    }
    status = PQconnectPoll(orig);
  }
  if (current_attempt != nullptr) current_attempt->handle = orig;
  return orig;
}

Opened open_connection(const std::string& conninfo, DeadlineClock::time_point deadline,
                       bool& timed_out) {
  Attempt attempt{deadline};
  current_attempt = &attempt;
  struct Clear {
    ~Clear() { current_attempt = nullptr; }
  } clear;
  try {
    auto conn = std::make_unique<PqConnection>(conninfo);
    timed_out = false;
    return Opened{std::move(conn), attempt.handle};
  } catch (...) {
    timed_out = attempt.timed_out;
    throw;
  }
}

}  // namespace authlens::store::postgres
