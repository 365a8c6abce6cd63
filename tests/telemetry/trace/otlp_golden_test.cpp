// Byte identity: the OTLP bodies (protobuf and JSON) of known spans, made through the tracer as
// the service makes them (a GET /me's SERVER and CLIENT spans, a failed request, attributes of
// every shape), compared with the bytes the SDK wrote before it was split into API, SDK and
// exporters (captured then, kept here as hex). Ids and times are the only run-time values: they
// are set to fixed ones before encoding.
#include <gtest/gtest.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "otlp_test_spans.hpp"
#include "telemetry/trace/api/semconv.hpp"
#include "telemetry/trace/api/tracer.hpp"
#include "telemetry/trace/exporters/otlp_encoder.hpp"
#include "telemetry/trace/sdk/sampler.hpp"
#include "telemetry/trace/sdk/span_processor.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

namespace authlens::trace {
namespace {

namespace sc = semconv;

class Collector final : public SpanProcessor {
 public:
  explicit Collector(std::vector<SpanDataPtr>* out) : out_(out) {}
  void on_end(SpanDataPtr span) noexcept override { out_->push_back(std::move(span)); }
  bool force_flush(std::chrono::milliseconds) override { return true; }
  void shutdown(std::chrono::milliseconds) override {}

 private:
  std::vector<SpanDataPtr>* out_;
};

constexpr std::string_view kRemoteParent =
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

// Fixed ids and times in place of the random and clock ones, kept consistent (the child's
// parent id is its parent's new span id).
std::vector<SpanDataPtr> with_fixed_ids(const std::vector<SpanDataPtr>& spans) {
  std::vector<SpanDataPtr> out;
  std::vector<std::pair<SpanId, SpanId>> renamed;
  std::uint8_t next = 1;
  for (const auto& s : spans) {
    auto copy = std::make_shared<SpanData>(*s);
    const SpanId fresh{0x50, 0, 0, 0, 0, 0, 0, next};
    renamed.emplace_back(copy->context.span_id, fresh);
    copy->context.span_id = fresh;
    copy->start_time_unix_nano = 1700000000000000000ULL + next * 1000ULL;
    copy->end_time_unix_nano = copy->start_time_unix_nano + 500ULL;
    for (auto& event : copy->events) event.time_unix_nano = copy->start_time_unix_nano + 100ULL;
    ++next;
    out.push_back(copy);
  }
  const TraceId remote = extract_trace_context(kRemoteParent, "")->trace_id;
  for (auto& s : out) {
    auto* m = const_cast<SpanData*>(s.get());
    if (m->context.trace_id != remote)
      m->context.trace_id = TraceId{0x40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    for (const auto& [from, to] : renamed)
      if (m->has_parent() && m->parent_span_id == from) m->parent_span_id = to;
  }
  return out;
}

struct Bodies {
  std::string name;
  std::vector<SpanDataPtr> spans;
};

std::vector<Bodies> make_cases() {
  std::vector<SpanDataPtr> finished;
  std::vector<std::unique_ptr<SpanProcessor>> processors;
  processors.push_back(std::make_unique<Collector>(&finished));
  TracerProvider provider(Resource{}, make_always_on_sampler(), std::move(processors));
  Tracer& tracer = provider.tracer();
  std::vector<Bodies> cases;
  SpanStartOptions root;
  root.new_root = true;

  {  // GET /me as RequestTelemetry and DbSpan make it.
    SpanStartOptions server;
    server.kind = SpanKind::kServer;
    server.new_root = true;
    const AttributeArg start[] = {
        {sc::kUrlScheme, "http"},
        {sc::kServerAddress, "127.0.0.1"},
        {sc::kServerPort, std::int64_t{8001}},
        {sc::kHttpRequestMethod, "GET"},
        {sc::kUrlPath, "/me"},
        {sc::kClientAddress, "127.0.0.1"},
        {sc::kUserAgentOriginal, "python-requests/2.31.0"},
        {sc::kNetworkProtocolVersion, "1.1"},
    };
    server.attributes = start;
    auto span = tracer.start_span("GET", server);
    span->update_name("GET /me");
    span->set_attribute(sc::kHttpRoute, "/me");
    {
      ContextScope active(span->context());
      SpanStartOptions db;
      db.kind = SpanKind::kClient;
      const AttributeArg db_attributes[] = {{sc::kDbSystem, "sqlite"},
                                            {sc::kDbOperationName, "select_session"}};
      db.attributes = db_attributes;
      tracer.start_span("select_session", db)->end();
    }
    span->set_attribute(sc::kHttpResponseStatusCode, std::int64_t{200});
    span->end();
    cases.push_back({"get_me", with_fixed_ids(finished)});
    finished.clear();
  }
  {  // A 500 under a remote parent, with a failed statement.
    SpanStartOptions server;
    server.kind = SpanKind::kServer;
    server.parent = extract_trace_context(kRemoteParent, "rojo=00f067aa0ba902b7");
    const AttributeArg start[] = {{sc::kHttpRequestMethod, "POST"},
                                  {sc::kUrlPath, "/login"},
                                  {sc::kClientAddress, "2001:db8::1"},
                                  {sc::kNetworkProtocolVersion, "1.0"}};
    server.attributes = start;
    auto span = tracer.start_span("POST", server);
    span->update_name("POST /login");
    span->set_attribute(sc::kHttpRoute, "/login");
    {
      ContextScope active(span->context());
      SpanStartOptions db;
      db.kind = SpanKind::kClient;
      auto statement = tracer.start_span("insert_throttle", db);
      statement->set_attribute(sc::kDbSystem, "postgresql");
      statement->set_attribute(sc::kDbOperationName, "insert_throttle");
      statement->set_status(StatusCode::kError, "connection lost");
      statement->end();
    }
    span->set_attribute(sc::kHttpResponseStatusCode, std::int64_t{500});
    span->set_attribute(sc::kErrorType, "500");
    span->set_status(StatusCode::kError, "500");
    span->end();
    cases.push_back({"post_500", with_fixed_ids(finished)});
    finished.clear();
  }
  {  // Attributes of every shape: run-time keys, long and invalid text, overwrites, limits.
    auto span = tracer.start_span("shapes", root);
    const std::string runtime_key = "run.time";
    span->set_attribute(runtime_key, "runtime key");
    span->set_attribute("bad.\xff.key", "value");
    span->set_attribute("text.long", std::string(300, 'x'));
    span->set_attribute("text.mid", std::string(100, 'y'));
    span->set_attribute("text.bad", "a\xc3(b");
    span->set_attribute("int.negative", std::int64_t{-5});
    span->set_attribute("int.big", std::int64_t{1} << 40);
    span->set_attribute("double", 2.5);
    span->set_attribute("bool", false);
    span->set_attribute("text.mid", "overwritten in place");
    span->set_attribute(sc::kUrlPath, "/x");
    span->set_attribute(sc::kUrlPath, std::string(80, 'p'));
    span->add_event("event", {{"k", std::string("v")}, {"n", std::int64_t{3}}});
    span->set_status(StatusCode::kOk);
    span->end();
    auto limited = tracer.start_span("limited", root);
    for (int i = 0; i < 130; ++i) limited->set_attribute("k" + std::to_string(i), i);
    limited->end();
    cases.push_back({"shapes", with_fixed_ids(finished)});
    finished.clear();
  }
  cases.push_back({"known", {testing::make_known_span()}});
  return cases;
}

std::string hex(std::string_view bytes) {
  std::string out;
  char buf[3];
  for (unsigned char c : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    out += buf;
  }
  return out;
}

struct Golden {
  const char* name;
  const char* protobuf_hex;
  const char* json;
};

#include "otlp_golden_bytes.inc"

TEST(OtlpGolden, BodiesAreTheBytesTheSdkWroteBefore) {
  Resource resource;
  resource.attributes = {{"service.name", std::string("authlens")},
                         {"service.version", std::string("0.1.0")},
                         {"telemetry.sdk.name", std::string("authlens")}};
  const InstrumentationScope scope{"authlens", "0.1.0"};
  const bool print = std::getenv("AUTHLENS_PRINT_GOLDEN") != nullptr;
  for (const auto& c : make_cases()) {
    const std::string protobuf = hex(encode_otlp_protobuf(resource, scope, c.spans));
    const std::string json = encode_otlp_json(resource, scope, c.spans);
    if (print) {
      std::printf("    {\"%s\",\n     \"%s\",\n     R\"json(%s)json\"},\n", c.name.c_str(),
                  protobuf.c_str(), json.c_str());
      continue;
    }
    const Golden* golden = nullptr;
    for (const auto& g : kGolden)
      if (c.name == g.name) golden = &g;
    ASSERT_NE(golden, nullptr) << c.name;
    EXPECT_EQ(protobuf, golden->protobuf_hex) << c.name;
    EXPECT_EQ(json, golden->json) << c.name;
  }
}

}  // namespace
}  // namespace authlens::trace
