#pragma once
// Every API handler runs with its request's store deadline: its arrival plus the store timeout.
// While the database fails, time spent queued for a worker counts, so each request is answered
// (503 unavailable) within the timeout instead of waiting its turn behind the stuck ones; while
// it is healthy, store calls get the whole timeout anyway (store/deadline.hpp).
#include <chrono>

#include "http/router.hpp"

namespace authlens::app {

// The same routes, in the same order (route ids unchanged), each handler under the deadline.
http::Router with_store_deadline(const http::Router& routes, std::chrono::milliseconds timeout);

}  // namespace authlens::app
