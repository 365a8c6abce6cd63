// The OpenAPI document (docs/openapi.yaml, embedded and served at /openapi.json) is the one
// description of the public API: these tests fail when the router and the document disagree on
// the routes, or when the service can answer a problem `code` the document does not list.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "account/email_address.hpp"
#include "account/error.hpp"
#include "account/service_fixture.hpp"
#include "app/api_routes.hpp"
#include "app/docs_routes.hpp"
#include "app/embedded_assets.hpp"

namespace authlens::app {
namespace {

using nlohmann::json;

const EmbeddedAsset* find_asset(std::string_view route) {
  for (const auto& asset : embedded_assets())
    if (asset.route == route) return &asset;
  return nullptr;
}

json document() {
  const auto* asset = find_asset("/openapi.json");
  if (asset == nullptr) return json();
  return json::parse(asset->content);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The public router exactly as the application builds it (the handlers are never called), over
// the account flows of the account tests' fixture.
class PublicRouter : public account::testing::AccountServiceTest {
 protected:
  void SetUp() override {
    AccountServiceTest::SetUp();
    add_api_routes(router_, *service_, false, [] { return true; });
    add_docs_routes(router_);
  }

  http::Router router_;
};

TEST_F(PublicRouter, EveryRouteIsInTheDocumentAndEveryDocumentedOperationIsRouted) {
  const auto doc = document();
  ASSERT_TRUE(doc.is_object()) << "/openapi.json is not embedded";
  static const std::set<std::string> kMethods = {"get",   "put",     "post", "delete",
                                                 "patch", "options", "head", "trace"};
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").items())
    for (const auto& [method, operation] : item.items())
      if (kMethods.count(method) != 0) documented.insert(lower(method) + " " + path);

  std::set<std::string> routed;
  for (const auto& route : router_.routes()) {
    if (is_page_route(route.path)) continue;  // the page's own scripts and styles
    routed.insert(lower(route.method) + " " + route.path);
  }
  for (const auto& route : routed)
    EXPECT_TRUE(documented.count(route)) << route << " is routed but not in docs/openapi.yaml";
  for (const auto& operation : documented)
    EXPECT_TRUE(routed.count(operation))
        << operation << " is in docs/openapi.yaml but the service does not route it";
  EXPECT_GE(routed.size(), 14u);  // the ten account operations, two probes, two documents
}

TEST_F(PublicRouter, ThePageAssetsItLoadsAreServed) {
  const auto* page = find_asset("/docs");
  ASSERT_NE(page, nullptr);
  const std::string html(page->content);
  const std::regex reference(R"re((?:src|href)="([^"]+)")re");
  int references = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), reference), end; it != end; ++it) {
    const std::string path = "/" + (*it)[1].str();  // relative to /docs
    EXPECT_TRUE(is_page_route(path)) << path;
    EXPECT_TRUE(router_.match("GET", path).route != nullptr) << path << " is not served";
    ++references;
  }
  EXPECT_GE(references, 4);
}

std::set<std::string> codes_in_source() {
  // Every `problem(STATUS, "code", …)` the service's own sources write.
  std::set<std::string> codes;
  const std::regex call(R"re(problem\(\s*\d{3}\s*,\s*"([a-z_]+)")re");
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::string(AUTHLENS_SOURCE_DIR) + "/src")) {
    if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const auto source = text.str();
    for (std::sregex_iterator it(source.begin(), source.end(), call), end; it != end; ++it)
      codes.insert((*it)[1].str());
  }
  return codes;
}

std::set<std::string> codes_of_the_domain() {
  // Every value of account::ErrorCode (an unknown value reads as "internal", so a wide sweep
  // catches codes added at the end of the enum too).
  std::set<std::string> codes;
  for (int i = 0; i < 256; ++i)
    codes.insert(std::string(account::to_string(static_cast<account::ErrorCode>(i))));
  return codes;
}

void collect_response_codes(const json& node, std::set<std::string>& out) {
  if (node.is_object()) {
    if (node.contains("code") && node["code"].is_object()) {
      const auto& code = node["code"];
      if (code.contains("const")) out.insert(code["const"].get<std::string>());
      if (code.contains("enum"))
        for (const auto& value : code["enum"]) out.insert(value.get<std::string>());
    }
    for (const auto& [key, value] : node.items()) collect_response_codes(value, out);
  } else if (node.is_array()) {
    for (const auto& value : node) collect_response_codes(value, out);
  }
}

TEST(OpenApiDocument, ListsEveryProblemCodeTheServiceAnswers) {
  const auto doc = document();
  ASSERT_TRUE(doc.is_object());
  std::set<std::string> catalogue;
  for (const auto& code : doc.at("components").at("schemas").at("ProblemCode").at("enum"))
    catalogue.insert(code.get<std::string>());

  auto service = codes_in_source();
  ASSERT_TRUE(service.count("not_found")) << "the source scan found no problem() calls";
  for (const auto& code : codes_of_the_domain()) service.insert(code);
  for (const auto& code : service)
    EXPECT_TRUE(catalogue.count(code))
        << "the service answers `" << code << "` but ProblemCode in docs/openapi.yaml lacks it";
  // Codes the contract keeps although nothing answers them any more.
  static const std::set<std::string> kContractOnly = {"email_not_verified"};
  for (const auto& code : catalogue)
    EXPECT_TRUE(service.count(code) || kContractOnly.count(code))
        << "ProblemCode lists `" << code << "` but the service never answers it";

  // Each response's own codes come from the catalogue, and every code is in some response.
  std::set<std::string> in_responses;
  collect_response_codes(doc.at("paths"), in_responses);
  collect_response_codes(doc.at("components").at("responses"), in_responses);
  for (const auto& code : in_responses)
    EXPECT_TRUE(catalogue.count(code)) << "a response lists `" << code << "`, not in ProblemCode";
  for (const auto& code : catalogue)
    EXPECT_TRUE(in_responses.count(code)) << "no response describes `" << code << "`";
}

TEST(OpenApiDocument, IsVersionedWithTheServiceAndEveryOperationHasAnId) {
  const auto doc = document();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.at("openapi").get<std::string>().rfind("3.1.", 0), 0u);
  EXPECT_EQ(doc.at("info").at("version").get<std::string>(), AUTHLENS_VERSION);
  for (const auto& [path, item] : doc.at("paths").items())
    for (const auto& [method, operation] : item.items())
      EXPECT_TRUE(operation.contains("operationId")) << method << " " << path;
}

TEST(OpenApiDocument, EveryEmbeddedFileHasAStrongETagOfItsOwn) {
  std::set<std::string_view> etags;
  for (const auto& asset : embedded_assets()) {
    EXPECT_FALSE(asset.content.empty()) << asset.route;
    EXPECT_TRUE(std::regex_match(std::string(asset.etag), std::regex(R"("[0-9a-f]{32}")")))
        << asset.etag;
    etags.insert(asset.etag);
  }
  EXPECT_EQ(etags.size(), embedded_assets().size());
}

// The Email schema's `pattern` says exactly what the service accepts: a schema-valid address is
// never refused (schemathesis, any seed), and a schema-invalid one is never accepted.
class EmailPattern : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto doc = document();
    ASSERT_TRUE(doc.is_object());
    const auto& schema = doc.at("components").at("schemas").at("Email");
    ASSERT_TRUE(schema.contains("pattern"));
    EXPECT_FALSE(schema.contains("format")) << "format: email admits what the service refuses";
    pattern_ = std::regex(schema.at("pattern").get<std::string>(), std::regex::ECMAScript);
  }
  void expect_agrees(const std::string& address) {
    const bool schema_valid = std::regex_search(address, pattern_);
    const bool accepted = account::normalize_email(address).has_value();
    EXPECT_EQ(schema_valid, accepted) << "'" << address << "' (" << address.size() << " bytes)";
  }
  std::regex pattern_;
};

TEST_F(EmailPattern, AgreesWithTheServiceOnTheEdgesOfEveryRule) {
  const std::string l64(64, 'l');
  const std::string label63(63, 'd');
  std::string long_domain;  // 4 labels of 63: 255 characters with the dots
  for (int i = 0; i < 4; ++i) long_domain += (i ? "." : "") + label63;
  for (const std::string& address :
       std::vector<std::string>{"ada@example.com",
                                "ADA@Example.COM",
                                " ada@example.com",
                                "ada@example.com\r\n",
                                "\tada@example.com ",
                                "a d a@example.com",
                                "ada@exa mple.com",
                                "",
                                " ",
                                "@",
                                "ada@",
                                "@example.com",
                                "ada",
                                "ada@example",
                                "ada@localhost",
                                "ada@example.c",
                                "ada@example.123",
                                "ada@example.c0m",
                                "ada@10.0.0.1",
                                "ada@[10.0.0.1]",
                                "ada@-example.com",
                                "ada@example-.com",
                                "ada@ex-ample.com",
                                "ada@ex--ample.com",
                                "ada@example..com",
                                "ada@.example.com",
                                "ada@example.com.",
                                "a.b@example.com",
                                ".ab@example.com",
                                "ab.@example.com",
                                "a..b@example.com",
                                "a=?b@example.com",
                                "a=b?c@example.com",
                                "a?=b@example.com",
                                "=?utf-8?q?x?=@example.com",
                                "a=@example.com",
                                "a?@example.com",
                                "\"ada\"@example.com",
                                "ada@@example.com",
                                "a@b@example.com",
                                "!#$%&'*+-/=^_`{|}~@example.com",
                                "ada(comment)@example.com",
                                "ad,a@example.com",
                                "ad\\a@example.com",
                                "ad\xc3\xa9@example.com",
                                "ada@ex\xc3\xa9mple.com",
                                "ada@example.com\n\n",
                                "ada@example.com\nx",
                                "ada@x_y.com",
                                "ada@1.2a",
                                l64 + "@example.com",
                                l64 + "l@example.com",
                                "ada@" + label63 + ".com",
                                "ada@" + label63 + "d.com",
                                "a@" + long_domain.substr(0, 252),
                                "a@" + long_domain.substr(0, 251) + "z",
                                "ab@" + long_domain.substr(0, 251) + "z",
                                " " + l64 + "@example.com "}) {
    expect_agrees(address);
  }
}

// Strings that are nearly addresses, drawn from the characters the rules care about, with
// lengths around every limit (local part 64, label 63, address 254).
TEST_F(EmailPattern, AgreesWithTheServiceOnManyNearAddresses) {
  std::mt19937 rng(20251203);
  const std::string pieces[] = {"a",  "Z", "0", "9", ".",  "-", "=",        "?",  "@",  " ",
                                "\t", "!", "_", "~", "\"", ",", "\xc3\xa9", "..", "=?", "x"};
  auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  auto run = [&](int length, const std::string& alphabet_or_empty) {
    std::string s;
    while (static_cast<int>(s.size()) < length) {
      if (!alphabet_or_empty.empty()) {
        s += alphabet_or_empty[static_cast<std::size_t>(
            pick(static_cast<int>(alphabet_or_empty.size())))];
      } else {
        s += pieces[pick(std::size(pieces))];
      }
    }
    return s;
  };
  for (int i = 0; i < 3000; ++i) {
    // Free-form: any mix of the pieces.
    expect_agrees(run(pick(24), ""));
    // Structured: local @ labels, each piece near its limit and sometimes spoiled.
    std::string local = run(pick(3) == 0 ? 60 + pick(8) : 1 + pick(8), "ab.=?-_9");
    std::string domain;
    const int labels = 1 + pick(4);
    for (int l = 0; l < labels; ++l) {
      if (l) domain += ".";
      domain += run(pick(4) == 0 ? 60 + pick(6) : 1 + pick(6), "ab09-");
    }
    if (pick(3) == 0) domain += "." + run(1 + pick(3), "0123456789");
    std::string address = local + "@" + domain;
    if (pick(4) == 0) address = std::string(pick(3), ' ') + address + std::string(pick(3), '\n');
    if (pick(5) == 0 && address.size() < 250)
      address = std::string(250 - address.size() + pick(8), 'q') + address;
    expect_agrees(address);
  }
}

}  // namespace
}  // namespace authlens::app
