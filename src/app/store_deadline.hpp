#pragma once
// Every API handler runs with its request's store deadline: its arrival plus the store timeout.
// Time spent queued for a worker counts, so while the database hangs each request is answered
// (503 unavailable) within the timeout, instead of each waiting its turn behind the stuck ones.
#include <chrono>

#include "http/router.hpp"

namespace authlens::app {

// The same routes, in the same order (route ids unchanged), each handler under the deadline.
http::Router with_store_deadline(const http::Router& routes, std::chrono::milliseconds timeout);

}  // namespace authlens::app
