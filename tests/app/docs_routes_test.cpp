#include "app/docs_routes.hpp"

#include <gtest/gtest.h>

#include <string>

#include "app/embedded_assets.hpp"

namespace authlens::app {
namespace {

std::string header(const http::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return "";
}

class DocsRoutes : public ::testing::Test {
 protected:
  void SetUp() override { add_docs_routes(router_); }

  http::Response get(std::string_view path, std::string_view if_none_match = "") {
    const auto match = router_.match("GET", path);
    EXPECT_NE(match.route, nullptr) << path;
    http::Request request;
    request.method = "GET";
    request.path = path;
    request.if_none_match = if_none_match;
    return match.route->handler(request);
  }

  http::Router router_;
};

TEST_F(DocsRoutes, ServeTheDocumentWithAValidatorAndARevalidatingCachePolicy) {
  const auto response = get("/openapi.json");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body.rfind("{", 0), 0u);
  EXPECT_EQ(header(response, "Cache-Control"), "public, no-cache");
  EXPECT_FALSE(header(response, "ETag").empty());
  EXPECT_TRUE(header(response, "Content-Security-Policy").empty());  // only the page needs one
}

TEST_F(DocsRoutes, ThePageForbidsOtherOriginsAndInlineScripts) {
  const auto response = get("/docs");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  const auto policy = header(response, "Content-Security-Policy");
  EXPECT_NE(policy.find("default-src 'self'"), std::string::npos) << policy;
  EXPECT_EQ(policy.find("script-src"), std::string::npos) << policy;  // default-src 'self' rules
  EXPECT_EQ(response.body.find("http://"), std::string::npos);
  EXPECT_EQ(response.body.find("https://"), std::string::npos);
}

TEST_F(DocsRoutes, AMatchingIfNoneMatchGetsAnEmpty304) {
  const auto etag = header(get("/docs/swagger-ui.css"), "ETag");
  ASSERT_FALSE(etag.empty());
  for (const std::string& value : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const auto response = get("/docs/swagger-ui.css", value);
    EXPECT_EQ(response.status, 304) << value;
    EXPECT_TRUE(response.body.empty()) << value;
    EXPECT_EQ(header(response, "ETag"), etag);
    EXPECT_EQ(header(response, "Cache-Control"), "public, no-cache");
  }
  for (const std::string& value : {std::string("\"other\""), etag.substr(1), std::string("")})
    EXPECT_EQ(get("/docs/swagger-ui.css", value).status, 200) << value;
}

TEST_F(DocsRoutes, EachAssetHasItsOwnMediaType) {
  EXPECT_EQ(get("/docs/swagger-ui-bundle.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/docs/init.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/docs/favicon.png").content_type, "image/png");
  EXPECT_EQ(get("/docs/favicon.png").body.substr(1, 3), "PNG");
  EXPECT_TRUE(is_page_route("/docs/init.js"));
  EXPECT_FALSE(is_page_route("/docs"));
  EXPECT_FALSE(is_page_route("/openapi.json"));
}

}  // namespace
}  // namespace authlens::app
