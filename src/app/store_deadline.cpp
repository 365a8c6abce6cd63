#include "app/store_deadline.hpp"

#include "store/deadline.hpp"

namespace authlens::app {

http::Router with_store_deadline(const http::Router& routes, std::chrono::milliseconds timeout) {
  http::Router bounded;
  for (const auto& route : routes.routes()) {
    bounded.add(
        route.method, route.path,
        [handler = route.handler, timeout](const http::Request& request) {
          // A request built without the server (tests) counts from now.
          const auto arrived = request.received_at == std::chrono::steady_clock::time_point{}
                                   ? std::chrono::steady_clock::now()
                                   : request.received_at;
          store::DeadlineScope scope(arrived + timeout);
          return handler(request);
        },
        route.execution);
  }
  return bounded;
}

}  // namespace authlens::app
