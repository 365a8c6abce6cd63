#include "http/router.hpp"

#include <gtest/gtest.h>

#include "http/problem.hpp"

namespace authlens::http {
namespace {

Handler answer(int status) {
  return [status](const Request&) { return Response::empty(status); };
}

TEST(Router, MatchesMethodAndPathTemplate) {
  Router router;
  router.add("GET", "/me", answer(200));
  router.add("DELETE", "/me", answer(204));
  router.add("POST", "/login", answer(201), Execution::kPool);
  const auto get = router.match("GET", "/me");
  ASSERT_NE(get.route, nullptr);
  EXPECT_EQ(get.route->handler(Request{}).status, 200);
  const auto del = router.match("DELETE", "/me");
  ASSERT_NE(del.route, nullptr);
  EXPECT_EQ(del.route->handler(Request{}).status, 204);
  const auto login = router.match("POST", "/login");
  ASSERT_NE(login.route, nullptr);
  EXPECT_EQ(login.route->execution, Execution::kPool);
  EXPECT_EQ(login.route->id, 2);
}

TEST(Router, TellsUnknownPathsFromWrongMethods) {
  Router router;
  router.add("GET", "/me", answer(200));
  router.add("DELETE", "/me", answer(204));
  const auto missing = router.match("GET", "/nope");
  EXPECT_EQ(missing.route, nullptr);
  EXPECT_TRUE(missing.allow.empty());
  const auto wrong = router.match("PUT", "/me");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_EQ(wrong.allow, "GET, DELETE, HEAD");
  EXPECT_EQ(router.match("GET", "/me/").route, nullptr);  // no silent prefix matching
}

TEST(Router, APathNamedLiterallyIsNoTemplatesValue) {
  Router router;
  router.add("DELETE", "/me/passkeys/{id}", answer(204));
  router.add("POST", "/me/passkeys/options", answer(200));
  const auto options = router.match("DELETE", "/me/passkeys/options");
  EXPECT_EQ(options.route, nullptr);
  EXPECT_EQ(options.allow, "POST");
  const auto id = router.match("DELETE", "/me/passkeys/AbC-_1");
  ASSERT_NE(id.route, nullptr);
  EXPECT_EQ(id.route->handler(Request{}).status, 204);
  EXPECT_EQ(router.match("POST", "/me/passkeys/AbC-_1").allow, "DELETE");
}

TEST(Router, AnswersHeadWithTheGetRouteOfThePath) {
  Router router;
  router.add("POST", "/login", answer(200));
  router.add("GET", "/healthz", answer(200));
  const auto head = router.match("HEAD", "/healthz");
  ASSERT_NE(head.route, nullptr);
  EXPECT_EQ(head.route->method, "GET");
  const auto no_get = router.match("HEAD", "/login");
  EXPECT_EQ(no_get.route, nullptr);
  EXPECT_EQ(no_get.allow, "POST") << "HEAD only where there is a GET";
}

TEST(Problem, IsRfc9457WithStableCode) {
  const auto response = problem(429, "too_many_attempts", "Slow down.", 30);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_NE(response.body.find(R"("code":"too_many_attempts")"), std::string::npos);
  EXPECT_NE(response.body.find(R"("status":429)"), std::string::npos);
  EXPECT_NE(response.body.find(R"("title":"Too Many Requests")"), std::string::npos);
  EXPECT_NE(response.body.find(R"("detail":"Slow down.")"), std::string::npos);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Retry-After");
  EXPECT_EQ(response.headers[0].second, "30");
}

}  // namespace
}  // namespace authlens::http
