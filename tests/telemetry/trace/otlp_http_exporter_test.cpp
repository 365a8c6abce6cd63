#include "telemetry/trace/exporters/otlp_http_exporter.hpp"

#include <gtest/gtest.h>

#include "loopback_http_server.hpp"
#include "otlp_test_spans.hpp"
#include "telemetry/trace/exporters/http_connection.hpp"
#include "telemetry/trace/exporters/retry_policy.hpp"

namespace authlens::trace {
namespace {

using namespace std::chrono_literals;
using testing::LoopbackHttpServer;

OtlpHttpOptions fast_options(const std::string& url) {
  OtlpHttpOptions o;
  o.url = url;
  o.initial_backoff = 10ms;
  o.max_backoff = 40ms;
  o.timeout = 5000ms;
  return o;
}

ExportResult export_one(OtlpHttpExporter& exporter, std::chrono::milliseconds timeout = 5s) {
  const SpanDataPtr span = testing::make_known_span();
  return exporter.export_spans({&span, 1}, timeout);
}

TEST(OtlpHttpExporter, RetriesAfter503ThenSucceeds) {
  LoopbackHttpServer server({{503, ""}, {200, ""}});
  OtlpHttpExporter exporter(fast_options(server.url()), Resource{}, InstrumentationScope{});
  EXPECT_EQ(export_one(exporter), ExportResult::kSuccess);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].head.find("POST /v1/traces"), std::string::npos);
  EXPECT_NE(requests[0].head.find("Content-Type: application/x-protobuf"), std::string::npos);
  EXPECT_EQ(requests[0].body, requests[1].body);
}

TEST(OtlpHttpExporter, KeepsTheConnectionAliveAcrossExports) {
  LoopbackHttpServer server({{200, ""}, {503, "Retry-After: 0\r\n"}, {200, ""}, {200, ""}},
                            /*keep_alive=*/true);
  OtlpHttpExporter exporter(fast_options(server.url()), Resource{}, InstrumentationScope{});
  EXPECT_EQ(export_one(exporter), ExportResult::kSuccess);
  EXPECT_EQ(export_one(exporter), ExportResult::kSuccess);  // a 503, then a 200
  EXPECT_EQ(export_one(exporter), ExportResult::kSuccess);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(server.connections(), 1u);
  for (const auto& r : requests) {
    EXPECT_NE(r.head.find("Host: 127.0.0.1:"), std::string::npos);
    EXPECT_NE(r.head.find("Content-Length: " + std::to_string(r.body.size())), std::string::npos);
    EXPECT_EQ(r.body, requests[0].body);
  }
}

TEST(OtlpHttpExporter, ParsesPlainHttpUrlsOnly) {
  auto e = parse_http_url("http://[::1]:4318/v1/traces?x=1");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "::1");
  EXPECT_EQ(e->port, "4318");
  EXPECT_EQ(e->target, "/v1/traces?x=1");
  EXPECT_EQ(e->authority, "[::1]:4318");
  e = parse_http_url("HTTP://collector");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->port, "80");
  EXPECT_EQ(e->target, "/");
  for (const char* bad : {"https://collector:4318/v1/traces", "http://", "http://user@host/",
                          "http://host:0/", "http://host:99999/", "http://host:x/", "ftp://h/"})
    EXPECT_FALSE(parse_http_url(bad)) << bad;
}

TEST(OtlpHttpExporter, DoesNotRetry400) {
  LoopbackHttpServer server({{400, ""}, {200, ""}});
  OtlpHttpExporter exporter(fast_options(server.url()), Resource{}, InstrumentationScope{});
  EXPECT_EQ(export_one(exporter), ExportResult::kFailure);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(OtlpHttpExporter, RetriesEveryTransientStatusAndHonoursRetryAfter) {
  LoopbackHttpServer server({{429, "Retry-After: 0\r\n"}, {502, ""}, {504, ""}, {200, ""}});
  OtlpHttpExporter exporter(fast_options(server.url()), Resource{}, InstrumentationScope{});
  EXPECT_EQ(export_one(exporter), ExportResult::kSuccess);
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST(OtlpHttpExporter, GivesUpWhenRetryAfterExceedsTimeout) {
  LoopbackHttpServer server({{503, "Retry-After: 30\r\n"}, {200, ""}});
  OtlpHttpExporter exporter(fast_options(server.url()), Resource{}, InstrumentationScope{});
  // Waiting 30 s would miss the 1 s timeout: it gives up instead of waiting, and never retries.
  EXPECT_EQ(export_one(exporter, 1s), ExportResult::kFailure);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(OtlpHttpExporter, ConnectionRefusedIsRetriedWithinTheTimeout) {
  int port = 0;
  {
    LoopbackHttpServer closed({});
    port = std::stoi(closed.url().substr(17));
  }
  OtlpHttpExporter exporter(fast_options("http://127.0.0.1:" + std::to_string(port) + "/v1/traces"),
                            Resource{}, InstrumentationScope{});
  EXPECT_EQ(export_one(exporter, 300ms), ExportResult::kFailure);
}

TEST(OtlpHttpExporter, JsonGzipAndHeaders) {
  LoopbackHttpServer server({{200, ""}});
  auto options = fast_options(server.url());
  options.protocol = OtlpProtocol::kHttpJson;
  options.gzip = true;
  options.headers = {{"x-api-key", "secret"}};
  OtlpHttpExporter exporter(options, Resource{}, InstrumentationScope{});
  EXPECT_EQ(export_one(exporter), ExportResult::kSuccess);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_NE(requests[0].head.find("Content-Type: application/json"), std::string::npos);
  EXPECT_NE(requests[0].head.find("Content-Encoding: gzip"), std::string::npos);
  EXPECT_NE(requests[0].head.find("x-api-key: secret"), std::string::npos);
  ASSERT_GE(requests[0].body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(requests[0].body[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(requests[0].body[1]), 0x8b);
}

TEST(RetryPolicy, StatusesRetryAfterAndBackoff) {
  for (long s : {429L, 502L, 503L, 504L}) EXPECT_TRUE(is_retryable_http_status(s));
  for (long s : {400L, 401L, 404L, 413L, 500L}) EXPECT_FALSE(is_retryable_http_status(s));
  EXPECT_EQ(parse_retry_after(" 7 ", 0), 7000ms);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", 1445412480), 10000ms);
  EXPECT_FALSE(parse_retry_after("soon", 0));
  EXPECT_EQ(backoff_delay(0, 100ms, 1000ms, 0.0), 50ms);
  EXPECT_EQ(backoff_delay(2, 100ms, 1000ms, 0.999), 399ms);
  EXPECT_EQ(backoff_delay(10, 100ms, 1000ms, 0.0), 500ms);
}

}  // namespace
}  // namespace authlens::trace
