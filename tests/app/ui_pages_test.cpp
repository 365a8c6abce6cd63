// The hosted pages (/ui/sign-up, /ui/sign-in, /ui/account): served from the binary with a policy
// that allows this origin's scripts only, nothing inline, no framing, no referrer; every file a
// page or script names is served; no page names another origin.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "app/docs_routes.hpp"
#include "app/embedded_assets.hpp"

namespace authlens::app {
namespace {

constexpr const char* kPages[] = {"/ui/sign-up", "/ui/sign-in", "/ui/account"};

std::string header(const http::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return "";
}

class UiPages : public ::testing::Test {
 protected:
  void SetUp() override { add_docs_routes(router_); }

  http::Response get(std::string_view path) {
    const auto match = router_.match("GET", path);
    if (match.route == nullptr) return http::Response::empty(404);
    http::Request request;
    request.method = "GET";
    request.path = path;
    return match.route->handler(request);
  }

  http::Router router_;
};

TEST_F(UiPages, EachPageIsServedWithAPolicyOfItsOwnOriginAndNoFraming) {
  for (const char* page : kPages) {
    SCOPED_TRACE(page);
    const auto response = get(page);
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
    const auto policy = header(response, "Content-Security-Policy");
    EXPECT_EQ(policy.rfind("default-src 'self'; frame-ancestors 'none'", 0), 0u) << policy;
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << policy;
    EXPECT_EQ(policy.find("script-src"), std::string::npos) << policy;  // default-src rules
    EXPECT_NE(policy.find("form-action 'none'"), std::string::npos) << policy;
    EXPECT_EQ(header(response, "Referrer-Policy"), "no-referrer");
    EXPECT_EQ(header(response, "Cross-Origin-Opener-Policy"), "same-origin");
  }
}

TEST_F(UiPages, NoPageHasAnInlineScriptAHandlerAttributeOrAnotherOrigin) {
  const std::regex inline_script(R"re(<script(?![^>]*\bsrc=)[^>]*>)re");
  const std::regex handler_attribute(R"re(\son[a-z]+\s*=)re", std::regex::icase);
  for (const auto& asset : embedded_assets()) {
    if (asset.route.substr(0, 4) != "/ui/") continue;
    SCOPED_TRACE(std::string(asset.route));
    const std::string content(asset.content);
    EXPECT_FALSE(std::regex_search(content, inline_script));
    EXPECT_FALSE(std::regex_search(content, handler_attribute));
    EXPECT_EQ(content.find("http://"), std::string::npos);
    EXPECT_EQ(content.find("https://"), std::string::npos);
    EXPECT_EQ(content.find("innerHTML"), std::string::npos);  // text goes in as text
  }
}

TEST_F(UiPages, EveryFileAPageOrScriptNamesIsServed) {
  const std::regex reference(R"re((?:src|href)="([^"#?]+)")re");
  const std::regex import_from(R"re(from "\./([^"]+)")re");
  int checked = 0;
  for (const auto& asset : embedded_assets()) {
    if (asset.route.substr(0, 4) != "/ui/") continue;
    const std::string content(asset.content);
    for (const auto* pattern : {&reference, &import_from}) {
      for (std::sregex_iterator it(content.begin(), content.end(), *pattern), end; it != end;
           ++it) {
        const std::string path = "/ui/" + (*it)[1].str();  // relative to /ui/
        EXPECT_EQ(get(path).status, 200) << path << ", named by " << asset.route;
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 11);  // 3 pages × (style, script) + their links + 3 imports
}

TEST_F(UiPages, ScriptsAndStylesCarryTheirMediaTypes) {
  EXPECT_EQ(get("/ui/ui.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/ui/account.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/ui/ui.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(header(get("/ui/ui.js"), "X-Content-Type-Options"), "nosniff");
}

}  // namespace
}  // namespace authlens::app
