// The response bytes the server writes are the bytes Beast's serializer wrote before (the
// message it built: Content-Type, Cache-Control, the handler's headers, keep_alive() and
// prepare_payload()), for every shape of response the service sends, plus the Date header; and
// where Beast 1.74 breaks RFC 9110 (Content-Length on 204 and 304), the RFC; now with the
// browser-facing defaults every answer carries (nosniff, a CSP that loads and frames nothing).
#include "http/response_bytes.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <sstream>

namespace authlens::http {
namespace {

namespace bhttp = boost::beast::http;

constexpr std::string_view kDate = "Sun, 06 Nov 1994 08:49:37 GMT";

std::string beast_bytes(Response response, unsigned version, bool keep_alive,
                        const ResponseHeader& added) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), version};
  out.set(bhttp::field::date, std::string(kDate));
  if (!response.content_type.empty()) out.set(bhttp::field::content_type, response.content_type);
  out.set(bhttp::field::cache_control, "no-store");
  out.set("X-Content-Type-Options", "nosniff");
  out.set("Content-Security-Policy", std::string(kApiContentSecurityPolicy));
  for (auto& [name, value] : response.headers) out.set(name, value);
  if (!added.name.empty())  // how the instrumentation used to add it: a header pair
    out.set(std::string(added.name), std::string(added.value));
  out.body() = std::move(response.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  if (response.status == 204 || response.status == 304) out.erase(bhttp::field::content_length);
  std::ostringstream bytes;
  bytes << out;
  return bytes.str();
}

std::string ours(const Response& response, unsigned version, bool keep_alive,
                 const ResponseHeader& added = {}) {
  std::string out = "previous|";
  append_response_bytes(out, response, version, keep_alive, kDate, added);
  EXPECT_EQ(out.substr(0, 9), "previous|");  // appends
  return out.substr(9);
}

constexpr std::string_view kTraceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
constexpr ResponseHeader kTraced{"traceparent", kTraceparent};

TEST(ResponseBytes, SameAsBeastForEveryShape) {
  struct Case {
    Response response;
    ResponseHeader added;
  };
  Response unauthorized{401, "application/problem+json", R"({"code":"unauthorized"})", {}};
  unauthorized.headers.emplace_back("WWW-Authenticate", "Bearer");
  Response limited{429, "application/problem+json", "{}", {{"Retry-After", "30"}}};
  Response not_allowed{405, "application/problem+json", "{}", {{"Allow", "GET, DELETE"}}};
  // A handler's own traceparent is replaced by the instrumentation's.
  Response own_traceparent{200, "application/json", "{}", {{"Traceparent", "00-x"}}};
  const Case cases[] = {
      {Response::json(200, R"({"email":"a@b.c","verified":true})"), kTraced},
      {unauthorized, kTraced},
      {unauthorized, {}},
      {limited, {}},
      {not_allowed, {}},
      {own_traceparent, kTraced},
      {Response::empty(204), {}},
      {Response::empty(204), kTraced},
      {Response::json(202, R"({"status":"verification_sent"})"), {}},
      {Response{200, "text/html; charset=utf-8", std::string(70000, 'x'), {}}, {}},
      {Response{599, "text/plain", "odd status", {}}, {}},
      // Handlers' headers replace the defaults and each other, as Beast's set() did.
      {Response{200,
                "application/json",
                "{}",
                {{"ETag", "\"abc\""}, {"Cache-Control", "no-cache"}, {"X-A", "1"}}},
       {}},
      {Response{
           200, "text/html", "<p>", {{"content-type", "text/plain"}, {"x-a", "1"}, {"X-A", "2"}}},
       {}},
      {Response{304, "", "", {{"ETag", "\"abc\""}, {"Cache-Control", "no-cache"}}}, {}},
      {Response{200, "", "x", {{"Content-Length", "99"}}}, {}},
      // An HTML page's own policy replaces the API's.
      {Response{
           200,
           "text/html",
           "<p>",
           {{"Content-Security-Policy", "default-src 'self'"}, {"Referrer-Policy", "no-referrer"}}},
       {}},
  };
  for (const auto& [response, added] : cases) {
    for (unsigned version : {10u, 11u}) {
      for (bool keep_alive : {true, false}) {
        EXPECT_EQ(ours(response, version, keep_alive, added),
                  beast_bytes(response, version, keep_alive, added))
            << response.status << " HTTP/" << version << " keep-alive " << keep_alive;
      }
    }
  }
}

TEST(ResponseBytes, NoContentLengthOn204Or304) {
  for (const int status : {204, 304}) {
    const auto bytes = ours(Response::empty(status), 11, true);
    EXPECT_EQ(bytes.find("Content-Length"), std::string::npos) << bytes;
    EXPECT_EQ(bytes.substr(bytes.size() - 4), "\r\n\r\n");
  }
}

TEST(ResponseBytes, EveryAnswerTellsBrowsersNotToSniffLoadOrFrameIt) {
  for (const auto& response :
       {Response::json(200, "{}"), Response::empty(204),
        Response{401, "application/problem+json", "{}", {{"WWW-Authenticate", "Bearer"}}}}) {
    const auto bytes = ours(response, 11, true);
    EXPECT_NE(bytes.find("\r\nX-Content-Type-Options: nosniff\r\n"), std::string::npos) << bytes;
    EXPECT_NE(bytes.find("\r\nContent-Security-Policy: default-src 'none'; frame-ancestors "
                         "'none'\r\n"),
              std::string::npos)
        << bytes;
  }
  Response page{200, "text/html", "<p>", {{"Content-Security-Policy", "default-src 'self'"}}};
  const auto bytes = ours(page, 11, true);
  EXPECT_EQ(bytes.find("default-src 'none'"), std::string::npos) << "one policy, the page's";
}

TEST(ResponseBytes, HeadGetsTheHeaderOfGetWithoutTheBody) {
  const auto response = Response::json(200, R"({"status":"ok"})");
  std::string head;
  append_response_bytes(head, response, 11, true, kDate, {}, /*with_body=*/false);
  const auto get = ours(response, 11, true);
  EXPECT_EQ(head + response.body, get);
  EXPECT_NE(head.find("Content-Length: 15\r\n"), std::string::npos) << head;
}

}  // namespace
}  // namespace authlens::http
