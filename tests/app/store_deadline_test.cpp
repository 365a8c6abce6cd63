// API handlers run under their request's store deadline, counted from its arrival.
#include "app/store_deadline.hpp"

#include <gtest/gtest.h>

#include "store/deadline.hpp"

namespace authlens::app {
namespace {

using namespace std::chrono_literals;

TEST(StoreDeadline, EachHandlerRunsUnderItsRequestsDeadlineRoutesUnchanged) {
  http::Router routes;
  std::optional<store::DeadlineClock::time_point> seen;
  routes.add("GET", "/a", [](const http::Request&) { return http::Response::empty(204); });
  routes.add(
      "POST", "/b",
      [&seen](const http::Request&) {
        seen = store::scoped_deadline();
        return http::Response::empty(200);
      },
      http::Execution::kPool);
  const auto bounded = with_store_deadline(routes, 3000ms);
  ASSERT_EQ(bounded.routes().size(), 2u);
  EXPECT_EQ(bounded.routes()[1].path, "/b");
  EXPECT_EQ(bounded.routes()[1].id, routes.routes()[1].id);
  EXPECT_EQ(bounded.routes()[1].execution, http::Execution::kPool);

  http::Request request;
  request.received_at = std::chrono::steady_clock::now() - 1s;  // it queued for a second
  EXPECT_EQ(bounded.match("POST", "/b").route->handler(request).status, 200);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(*seen, request.received_at + 3000ms);
  EXPECT_FALSE(store::scoped_deadline().has_value()) << "the scope ends with the handler";
}

}  // namespace
}  // namespace authlens::app
