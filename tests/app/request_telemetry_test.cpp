// RequestTelemetry, the seam that makes every request's SERVER span, histogram observation and
// access-log line: each of them checked field by field for a 200, a route-less 404, a 500 and a
// refused (503 overloaded) request, plus what a client-chosen path may show.
#include "app/request_telemetry.hpp"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "telemetry/log/capture_file.hpp"
#include "telemetry/metrics/exposition.hpp"
#include "telemetry/metrics/metrics.hpp"
#include "telemetry/trace/api/context.hpp"
#include "telemetry/trace/api/traceparent.hpp"
#include "telemetry/trace/in_memory_exporter.hpp"
#include "telemetry/trace/sdk/simple_span_processor.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

namespace authlens::app {
namespace {

using metrics::testing::sample;

class FakeRequest final : public http::RequestView {
 public:
  std::map<std::string, std::string> headers;  // lower-case names
  std::string_view header(std::string_view name) const override {
    const auto it = headers.find(std::string(name));
    return it == headers.end() ? std::string_view() : std::string_view(it->second);
  }
};

FakeRequest request(std::string_view method, std::string_view path) {
  FakeRequest r;
  r.method = method;
  r.path = path;
  r.client_address = "203.0.113.7";
  r.client_port = 50123;
  r.server_address = "127.0.0.1";
  r.server_port = 8001;
  r.version = 11;
  return r;
}

http::Response answer(int status) {
  http::Response r;
  r.status = status;
  return r;
}

using Value = trace::AttributeValue;
using AttributeList = std::vector<std::pair<std::string, Value>>;

AttributeList attributes_of(const trace::SpanData& span) {
  AttributeList out;
  for (const auto& a : span.attributes) out.emplace_back(std::string(a.key.view()), a.value);
  return out;
}

class RequestTelemetryTest : public ::testing::Test {
 protected:
  RequestTelemetryTest() {
    auto exporter = std::make_unique<trace::InMemorySpanExporter>();
    exporter_ = exporter.get();
    std::vector<std::unique_ptr<trace::SpanProcessor>> processors;
    processors.push_back(std::make_unique<trace::SimpleSpanProcessor>(std::move(exporter)));
    tracing_ = std::make_shared<trace::TracerProvider>(
        trace::Resource{}, trace::make_always_on_sampler(), std::move(processors));
    router_.add("GET", "/me", [](const http::Request&) { return answer(200); });
    router_.add(
        "POST", "/login", [](const http::Request&) { return answer(200); }, http::Execution::kPool);
    telemetry_ = std::make_unique<RequestTelemetry>(tracing_->tracer(), &metrics_, logger_.logger(),
                                                    router_);
  }

  // One request through the seam as the server drives it; returns its response header.
  std::string handle(const FakeRequest& request, int status) {
    auto scope = telemetry_->start(request);
    scope->routed(router_.match(request.method, request.path).route);
    {
      // The handler runs with the request's span current, and may annotate it.
      trace::ContextScope active(scope->span());
      trace::current_span().set_attribute("handler.saw_span", true);
    }
    scope->finish(answer(status));
    const http::ResponseHeader header = scope->response_header();
    EXPECT_EQ(header.name, "traceparent");
    return std::string(header.value);
  }

  const trace::SpanData& only_span() {
    spans_ = exporter_->spans();
    EXPECT_EQ(spans_.size(), 1u);
    return *spans_.at(0);
  }

  nlohmann::json only_request_line() {
    std::vector<nlohmann::json> lines;
    std::istringstream in(logger_.output());
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line);
      if (j["message"] == "request") lines.push_back(j);
    }
    EXPECT_EQ(lines.size(), 1u);
    return lines.empty() ? nlohmann::json{} : lines[0];
  }

  std::shared_ptr<trace::TracerProvider> tracing_;
  trace::InMemorySpanExporter* exporter_;
  std::vector<trace::SpanDataPtr> spans_;
  metrics::Metrics metrics_;
  log::testing::CapturedLogger logger_;
  http::Router router_;
  std::unique_ptr<RequestTelemetry> telemetry_;
};

TEST_F(RequestTelemetryTest, A200ContinuesTheCallersTraceWithEveryField) {
  FakeRequest r = request("GET", "/me");
  r.headers["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  r.headers["tracestate"] = "vendor=opaque";
  r.headers["user-agent"] = "curl/8.0";
  const std::string traceparent = handle(r, 200);

  const trace::SpanData& span = only_span();
  EXPECT_EQ(span.name, "GET /me");
  EXPECT_EQ(span.kind, trace::SpanKind::kServer);
  EXPECT_EQ(trace::to_hex(span.context.trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(trace::to_hex(span.parent_span_id), "00f067aa0ba902b7");
  EXPECT_TRUE(span.parent_is_remote);
  EXPECT_EQ(span.context.trace_state, "vendor=opaque");
  EXPECT_TRUE(span.context.is_sampled());
  EXPECT_EQ(span.status, trace::StatusCode::kUnset);
  EXPECT_GE(span.end_time_unix_nano, span.start_time_unix_nano);
  const AttributeList expected = {
      {"url.scheme", std::string("http")},
      {"server.address", std::string("127.0.0.1")},
      {"server.port", std::int64_t{8001}},
      {"http.request.method", std::string("GET")},
      {"url.path", std::string("/me")},
      {"client.address", std::string("203.0.113.7")},
      {"user_agent.original", std::string("curl/8.0")},
      {"network.protocol.version", std::string("1.1")},
      {"http.route", std::string("/me")},
      {"handler.saw_span", true},
      {"http.response.status_code", std::int64_t{200}},
  };
  EXPECT_EQ(attributes_of(span), expected);
  EXPECT_EQ(traceparent, trace::format_traceparent(span.context));

  const std::string text = metrics_.render();
  EXPECT_EQ(sample(text, R"(http_server_request_duration_seconds_count{http_request_method="GET",)"
                         R"(http_response_status_code="200",http_route="/me"})"),
            1);
  EXPECT_EQ(sample(text, "http_server_active_requests"), 0);

  const auto line = only_request_line();
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["http.request.method"], "GET");
  EXPECT_EQ(line["http.route"], "/me");
  EXPECT_EQ(line["url.path"], "/me");
  EXPECT_EQ(line["http.response.status_code"], 200);
  EXPECT_TRUE(line["duration_ms"].is_number());
  EXPECT_EQ(line["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(line["span_id"], trace::to_hex(span.context.span_id));
  EXPECT_EQ(line["trace_flags"], "01");
}

TEST_F(RequestTelemetryTest, A404WithoutARouteHasNoRouteAnywhere) {
  FakeRequest r = request("GET", "/no/such/path");
  r.version = 10;
  const std::string traceparent = handle(r, 404);

  const trace::SpanData& span = only_span();
  EXPECT_EQ(span.name, "GET");  // no route: the method alone (semantic conventions)
  EXPECT_FALSE(span.has_parent());
  EXPECT_EQ(span.status, trace::StatusCode::kUnset);  // 4xx is the client's error
  const AttributeList expected = {
      {"url.scheme", std::string("http")},
      {"server.address", std::string("127.0.0.1")},
      {"server.port", std::int64_t{8001}},
      {"http.request.method", std::string("GET")},
      {"url.path", std::string("/no/such/path")},
      {"client.address", std::string("203.0.113.7")},
      {"network.protocol.version", std::string("1.0")},
      {"handler.saw_span", true},
      {"http.response.status_code", std::int64_t{404}},
  };
  EXPECT_EQ(attributes_of(span), expected);
  EXPECT_EQ(traceparent, trace::format_traceparent(span.context));

  EXPECT_EQ(sample(metrics_.render(),
                   R"(http_server_request_duration_seconds_count{http_request_method="GET",)"
                   R"(http_response_status_code="404",http_route="unmatched"})"),
            1);
  const auto line = only_request_line();
  EXPECT_FALSE(line.contains("http.route"));
  EXPECT_EQ(line["url.path"], "/no/such/path");
  EXPECT_EQ(line["http.response.status_code"], 404);
  EXPECT_EQ(line["trace_id"], trace::to_hex(span.context.trace_id));
}

TEST_F(RequestTelemetryTest, A500IsAnErrorSpan) {
  handle(request("POST", "/login"), 500);
  const trace::SpanData& span = only_span();
  EXPECT_EQ(span.name, "POST /login");
  EXPECT_EQ(span.status, trace::StatusCode::kError);
  EXPECT_EQ(span.status_description, "500");
  const AttributeList attributes = attributes_of(span);
  ASSERT_GE(attributes.size(), 2u);
  EXPECT_EQ(attributes[attributes.size() - 2],
            (std::pair<std::string, Value>{"http.response.status_code", std::int64_t{500}}));
  EXPECT_EQ(attributes.back(), (std::pair<std::string, Value>{"error.type", std::string("500")}));
  EXPECT_EQ(sample(metrics_.render(),
                   R"(http_server_request_duration_seconds_count{http_request_method="POST",)"
                   R"(http_response_status_code="500",http_route="/login"})"),
            1);
  const auto line = only_request_line();
  EXPECT_EQ(line["http.route"], "/login");
  EXPECT_EQ(line["http.response.status_code"], 500);
}

TEST_F(RequestTelemetryTest, ARefusedRequestIsRecordedAsAnswered) {
  // The pool refused the job (503 overloaded): the handler never ran, the request is still seen.
  FakeRequest r = request("POST", "/login");
  auto scope = telemetry_->start(r);
  scope->routed(router_.match(r.method, r.path).route);
  scope->finish(answer(503));
  const trace::SpanData& span = only_span();
  EXPECT_EQ(span.name, "POST /login");
  EXPECT_EQ(span.status, trace::StatusCode::kError);
  const AttributeList attributes = attributes_of(span);
  EXPECT_EQ(attributes.back(), (std::pair<std::string, Value>{"error.type", std::string("503")}));
  EXPECT_EQ(sample(metrics_.render(),
                   R"(http_server_request_duration_seconds_count{http_request_method="POST",)"
                   R"(http_response_status_code="503",http_route="/login"})"),
            1);
  EXPECT_EQ(only_request_line()["http.response.status_code"], 503);
  EXPECT_EQ(scope->response_header().value, trace::format_traceparent(span.context));
}

TEST_F(RequestTelemetryTest, AClientChosenPathIsCutAndATokenInItReplaced) {
  const std::string token = "q3Jx0bYV8m2Kd9WfL1pR7sTz4uNc6eHa5gAiBoCjDkE";
  const std::string path = "/me/" + token + "/" + std::string(7000, 'a');
  handle(request("GET", path), 404);
  std::string span_path;
  for (const auto& a : only_span().attributes)
    if (a.key == "url.path") span_path = std::get<std::string>(a.value);
  EXPECT_EQ(span_path.substr(0, 15), "/me/[redacted]/");
  EXPECT_EQ(span_path.size(), 256u);
  const std::string logged = only_request_line()["url.path"];
  EXPECT_EQ(logged, span_path);
  EXPECT_EQ(logger_.output().find(token), std::string::npos);
}

TEST_F(RequestTelemetryTest, WithoutTracingThereIsNoTraceparentButStillMetricsAndLog) {
  auto disabled = trace::TracerProvider::create_disabled();
  RequestTelemetry telemetry(disabled->tracer(), &metrics_, logger_.logger(), router_);
  FakeRequest r = request("GET", "/me");
  auto scope = telemetry.start(r);
  scope->routed(router_.match(r.method, r.path).route);
  scope->finish(answer(200));
  EXPECT_TRUE(scope->response_header().name.empty());
  EXPECT_FALSE(scope->span().is_recording());
  EXPECT_EQ(sample(metrics_.render(),
                   R"(http_server_request_duration_seconds_count{http_request_method="GET",)"
                   R"(http_response_status_code="200",http_route="/me"})"),
            1);
  const auto line = only_request_line();
  EXPECT_FALSE(line.contains("trace_id"));
}

}  // namespace
}  // namespace authlens::app
