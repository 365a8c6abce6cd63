#pragma once
// The libpq URI the pool connects with: the operator's URL plus our bounded waits, added only
// where the URL does not set them itself (what the URL says wins).
#include <chrono>
#include <string>

#include "store/store_options.hpp"

namespace authlens::store::postgres {

// Adds keepalives (on, idle, interval, count) and tcp_user_timeout, and the server-side
// statement_timeout, lock_timeout and idle_in_transaction_session_timeout as startup options
// (`options=-c …`, before any the URL gives, so the URL's own -c settings still win): set when
// the connection starts, they survive nothing less than a new connection, which gets them again.
// `store_timeout` bounds how long a transaction may sit idle on the server.
std::string bounded_conninfo(const std::string& uri, const PgTimeouts& timeouts,
                             std::chrono::milliseconds store_timeout);

}  // namespace authlens::store::postgres
