#pragma once
// Opening a PostgreSQL connection within a deadline. libpq's connect_timeout counts whole
// seconds (2 at least) and its non-blocking API ignores it, so the handshake is driven here with
// PQconnectPoll and poll() against the deadline, through a libpqxx connection policy (how
// libpqxx 6 lets a program open the connection itself). The libpq handle is kept too, for what
// libpqxx 6 does not expose: error verbosity (SQLSTATEs in messages), notices, input checks.
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "store/deadline.hpp"

extern "C" {
struct pg_conn;
}

namespace authlens::store::postgres {

class DeadlineConnect : public pqxx::connectionpolicy {
 public:
  explicit DeadlineConnect(const std::string& options) : pqxx::connectionpolicy(options) {}
  handle do_startconnect(handle orig) override;
  handle do_completeconnect(handle orig) override;
};

using PqConnection = pqxx::basic_connection_base<DeadlineConnect>;

struct Opened {
  std::unique_ptr<PqConnection> conn;
  pg_conn* handle = nullptr;  // owned by `conn`
};

// Connects or throws pqxx::broken_connection; `timed_out` tells a deadline from a refusal.
Opened open_connection(const std::string& conninfo, DeadlineClock::time_point deadline,
                       bool& timed_out);

}  // namespace authlens::store::postgres
