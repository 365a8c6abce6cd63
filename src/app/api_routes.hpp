#pragma once
// The public API: thin handlers that parse JSON, call the account domain and shape the answer.
#include <functional>

#include "account/service.hpp"
#include "http/router.hpp"

namespace authlens::app {

// `store_blocks`: the store waits on a network (PostgreSQL), so even the cheap routes run on the
// worker pool; with SQLite they run inline, a local read costing microseconds, and the most one
// can hold its I/O thread is the store timeout (SQLite's busy timeout is what is left of it).
void add_api_routes(http::Router& router, account::AccountService& accounts, bool store_blocks,
                    std::function<bool()> database_ready);

}  // namespace authlens::app
