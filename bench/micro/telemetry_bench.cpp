// Micro-benchmarks of the per-request costs the overhead report explains (issues 4 and 10): a root
// span's ids, a span with five attributes, a GET /me's two spans with the attributes the service
// sets, OTLP encoding per span, one JSON log line and the access log line, one histogram
// observation, a token check against SQLite, and a route match.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "account/secrets.hpp"
#include "http/router.hpp"
#include "store/store.hpp"
#include "store/store_factory.hpp"
#include "telemetry/log/logger.hpp"
#include "telemetry/metrics/metrics.hpp"
#include "telemetry/trace/api/context.hpp"
#include "telemetry/trace/api/semconv.hpp"
#include "telemetry/trace/api/tracer.hpp"
#include "telemetry/trace/exporters/otlp_encoder.hpp"
#include "telemetry/trace/sdk/batch_span_processor.hpp"
#include "telemetry/trace/sdk/id_generator.hpp"
#include "telemetry/trace/sdk/resource.hpp"
#include "telemetry/trace/sdk/sampler.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

namespace {

using namespace authlens;

// Accepts every batch and throws it away: measures the SDK, not a network.
class DiscardingExporter final : public trace::SpanExporter {
 public:
  trace::ExportResult export_spans(std::span<const trace::SpanDataPtr>,
                                   std::chrono::milliseconds) override {
    return trace::ExportResult::kSuccess;
  }
};

std::shared_ptr<trace::TracerProvider> batch_provider() {
  std::vector<std::unique_ptr<trace::SpanProcessor>> processors;
  processors.push_back(std::make_unique<trace::BatchSpanProcessor>(
      std::make_unique<DiscardingExporter>(), trace::BatchOptions{}));
  return std::make_shared<trace::TracerProvider>(trace::Resource{}, trace::make_always_on_sampler(),
                                                 std::move(processors));
}

void add_five_attributes(trace::Span& span) {
  span.set_attribute("http.request.method", "GET");
  span.set_attribute("url.path", "/me");
  span.set_attribute("http.route", "/me");
  span.set_attribute("server.port", std::int64_t{8001});
  span.set_attribute("http.response.status_code", std::int64_t{200});
}

// The real path: always_on sampler, BatchSpanProcessor (default options) in front of an exporter.
void BM_SpanStartEnd5Attributes(benchmark::State& state) {
  auto provider = batch_provider();
  auto& tracer = provider->tracer();
  trace::SpanStartOptions options;
  options.kind = trace::SpanKind::kServer;
  options.new_root = true;
  for (auto _ : state) {
    auto span = tracer.start_span("GET /me", options);
    add_five_attributes(*span);
    span->end();
  }
  provider->shutdown(std::chrono::seconds(5));
  const auto stats = provider->stats();
  state.counters["dropped_share"] =
      stats.spans_started ? double(stats.spans_dropped) / double(stats.spans_started) : 0.0;
}
BENCHMARK(BM_SpanStartEnd5Attributes);

// Issue 10: a GET /me's spans as the service makes them (app/request_telemetry.cpp,
// store/db_span.cpp), through the batch processor: the SERVER span with its attribute set (user
// agent absent, as from wrk) and the select_session CLIENT span.
void BM_MeRequestSpans(benchmark::State& state) {
  namespace semconv = trace::semconv;
  auto provider = batch_provider();
  auto& tracer = provider->tracer();
  const std::string address = "127.0.0.1", method = "GET", path = "/me", route = "/me";
  for (auto _ : state) {
    const trace::AttributeArg server_attributes[] = {
        {semconv::kHttpRequestMethod, std::string_view(method)},
        {semconv::kUrlPath, std::string_view(path)},
        {semconv::kUrlScheme, "http"},
        {semconv::kServerAddress, std::string_view(address)},
        {semconv::kServerPort, std::int64_t{8001}},
        {semconv::kClientAddress, std::string_view(address)},
        {semconv::kNetworkProtocolVersion, "1.1"}};
    trace::SpanStartOptions server;
    server.kind = trace::SpanKind::kServer;
    server.new_root = true;
    server.attributes = server_attributes;
    auto span = tracer.start_span(method, server);
    span->update_name("GET /me");
    span->set_attribute(semconv::kHttpRoute, std::string_view(route));
    {
      trace::ContextScope active(*span);
      const trace::AttributeArg db_attributes[] = {
          {semconv::kDbSystem, std::string_view("sqlite")},
          {semconv::kDbOperationName, std::string_view("select_session")}};
      trace::SpanStartOptions client;
      client.kind = trace::SpanKind::kClient;
      client.attributes = db_attributes;
      trace::ScopedSpan db(tracer, "select_session", client);
    }
    span->set_attribute(semconv::kHttpResponseStatusCode, std::int64_t{200});
    span->end();
  }
  provider->shutdown(std::chrono::seconds(5));
  const auto stats = provider->stats();
  state.counters["dropped_share"] =
      stats.spans_started ? double(stats.spans_dropped) / double(stats.spans_started) : 0.0;
}
BENCHMARK(BM_MeRequestSpans);

// Tracing disabled (OTEL_SDK_DISABLED=true): what "off" costs on the same call sites.
void BM_SpanDisabled(benchmark::State& state) {
  auto provider = trace::TracerProvider::create_disabled();
  auto& tracer = provider->tracer();
  for (auto _ : state) {
    auto span = tracer.start_span("GET /me");
    if (span->is_recording()) add_five_attributes(*span);
    span->end();
  }
}
BENCHMARK(BM_SpanDisabled);

// A root span's ids (one trace id, one span id): on every request's path, and shown to the
// caller in traceparent, so they must be unpredictable yet cheap.
void BM_TraceAndSpanIds(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(trace::generate_trace_id());
    benchmark::DoNotOptimize(trace::generate_span_id());
  }
}
BENCHMARK(BM_TraceAndSpanIds);

std::vector<trace::SpanDataPtr> make_batch(std::size_t count) {
  // Finished spans shaped like a /me request's server span.
  std::vector<trace::SpanDataPtr> spans;
  spans.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto data = std::make_shared<trace::SpanData>();
    data->name = i % 4 == 0 ? "GET /me" : "find_session";
    data->kind = i % 4 == 0 ? trace::SpanKind::kServer : trace::SpanKind::kClient;
    for (std::size_t b = 0; b < data->context.trace_id.size(); ++b)
      data->context.trace_id[b] = static_cast<std::uint8_t>(i * 7 + b + 1);
    for (std::size_t b = 0; b < data->context.span_id.size(); ++b)
      data->context.span_id[b] = static_cast<std::uint8_t>(i * 3 + b + 1);
    data->start_time_unix_nano = 1'700'000'000'000'000'000ULL + i * 1000;
    data->end_time_unix_nano = data->start_time_unix_nano + 250'000;
    data->attributes = {{"http.request.method", std::string("GET")},
                        {"url.path", std::string("/me")},
                        {"http.route", std::string("/me")},
                        {"server.port", std::int64_t{8001}},
                        {"http.response.status_code", std::int64_t{200}}};
    spans.push_back(std::move(data));
  }
  return spans;
}

// Issue 10: protobuf encoding per span of a GET /me's spans (server span with its 9 attributes,
// then the database span with 2), in batches of 512 as the batch processor sends them.
std::vector<trace::SpanDataPtr> make_me_batch(std::size_t count) {
  std::vector<trace::SpanDataPtr> spans;
  spans.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto data = std::make_shared<trace::SpanData>();
    const bool server = i % 2 == 0;
    data->name = server ? "GET /me" : "select_session";
    data->kind = server ? trace::SpanKind::kServer : trace::SpanKind::kClient;
    data->context.trace_flags = trace::kTraceFlagSampled;
    for (std::size_t b = 0; b < data->context.trace_id.size(); ++b)
      data->context.trace_id[b] = static_cast<std::uint8_t>(i / 2 * 7 + b + 1);
    for (std::size_t b = 0; b < data->context.span_id.size(); ++b)
      data->context.span_id[b] = static_cast<std::uint8_t>(i * 3 + b + 1);
    if (!server)
      for (std::size_t b = 0; b < data->parent_span_id.size(); ++b)
        data->parent_span_id[b] = static_cast<std::uint8_t>((i - 1) * 3 + b + 1);
    data->start_time_unix_nano = 1'700'000'000'000'000'000ULL + i * 1000;
    data->end_time_unix_nano = data->start_time_unix_nano + 250'000;
    if (server) {
      data->attributes = {{"http.request.method", std::string("GET")},
                          {"url.path", std::string("/me")},
                          {"url.scheme", std::string("http")},
                          {"server.address", std::string("127.0.0.1")},
                          {"server.port", std::int64_t{8001}},
                          {"client.address", std::string("127.0.0.1")},
                          {"network.protocol.version", std::string("1.1")},
                          {"http.route", std::string("/me")},
                          {"http.response.status_code", std::int64_t{200}}};
    } else {
      data->attributes = {{"db.system", std::string("sqlite")},
                          {"db.operation.name", std::string("select_session")}};
    }
    spans.push_back(std::move(data));
  }
  return spans;
}

void BM_OtlpProtobufPerSpan(benchmark::State& state) {
  const auto spans = make_me_batch(512);
  trace::Resource resource;
  resource.attributes = {{"service.name", std::string("authlens")},
                         {"service.version", std::string("0.1.0")},
                         {"telemetry.sdk.name", std::string("authlens")},
                         {"telemetry.sdk.language", std::string("cpp")},
                         {"telemetry.sdk.version", std::string("0.1.0")}};
  const trace::InstrumentationScope scope{"authlens", "0.1.0"};
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto body = trace::encode_otlp_protobuf(resource, scope, spans);
    bytes = body.size();
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations() * 512);
  state.counters["bytes_per_span"] = double(bytes) / 512;
  state.counters["ns_per_span"] = benchmark::Counter(
      double(state.iterations()) * 512, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_OtlpProtobufPerSpan)->Unit(benchmark::kMicrosecond);

void BM_OtlpJsonEncode512(benchmark::State& state) {
  const auto spans = make_batch(512);
  trace::Resource resource;
  resource.attributes = {{"service.name", std::string("authlens")},
                         {"telemetry.sdk.name", std::string("authlens")}};
  const trace::InstrumentationScope scope{"authlens", "0.1.0"};
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto body = trace::encode_otlp_json(resource, scope, spans);
    bytes = body.size();
    benchmark::DoNotOptimize(body);
  }
  state.counters["bytes"] = double(bytes);
  state.counters["ns_per_span"] = benchmark::Counter(
      double(state.iterations()) * 512, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_OtlpJsonEncode512)->Unit(benchmark::kMicrosecond);

void BM_OtlpProtobufEncode512(benchmark::State& state) {
  const auto spans = make_batch(512);
  trace::Resource resource;
  resource.attributes = {{"service.name", std::string("authlens")}};
  const trace::InstrumentationScope scope{"authlens", "0.1.0"};
  for (auto _ : state) {
    auto body = trace::encode_otlp_protobuf(resource, scope, spans);
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(BM_OtlpProtobufEncode512)->Unit(benchmark::kMicrosecond);

// One request line as the service logs it, to /dev/null through the async writer.
void BM_JsonLogLine(benchmark::State& state) {
  const int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  log::Logger::Options options;
  options.fd = fd;
  options.buffer_bytes = 8 << 20;
  {
    log::Logger logger(options);
    for (auto _ : state) {
      logger.info("request", {{"http.request.method", "GET"},
                              {"http.route", "/me"},
                              {"url.path", "/me"},
                              {"http.response.status_code", 200},
                              {"duration_ms", 0.123}});
    }
    logger.flush();
    const auto stats = logger.stats();
    state.counters["dropped_share"] =
        double(stats.lines_dropped) / double(stats.lines_dropped + stats.lines_written + 1);
  }
  ::close(fd);
}
BENCHMARK(BM_JsonLogLine);

// Issue 10: the access log line of app/request_telemetry.cpp, with the request's span active
// (trace_id, span_id, trace_flags written), to /dev/null through the async writer.
void BM_AccessLogLine(benchmark::State& state) {
  const int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  log::Logger::Options options;
  options.fd = fd;
  options.buffer_bytes = 8 << 20;
  trace::SpanContext context;
  for (std::size_t b = 0; b < context.trace_id.size(); ++b)
    context.trace_id[b] = static_cast<std::uint8_t>(0x40 + b);
  for (std::size_t b = 0; b < context.span_id.size(); ++b)
    context.span_id[b] = static_cast<std::uint8_t>(0x10 + b);
  context.trace_flags = trace::kTraceFlagSampled;
  const std::string method = "GET", route = "/me", path = "/me";
  trace::NonRecordingSpan span(context);
  {
    log::Logger logger(options);
    std::chrono::nanoseconds elapsed{123'456};
    for (auto _ : state) {
      trace::ContextScope active(span);
      logger.info("request", {{"http.request.method", std::string_view(method)},
                              {"http.route", std::string_view(route)},
                              {"url.path", std::string_view(path)},
                              {"http.response.status_code", 200},
                              {"duration_ms", elapsed}});
      elapsed = elapsed < std::chrono::milliseconds(10) ? elapsed * 1001 / 1000
                                                        : std::chrono::nanoseconds{123'456};
    }
    logger.flush();
    const auto stats = logger.stats();
    state.counters["dropped_share"] =
        double(stats.lines_dropped) / double(stats.lines_dropped + stats.lines_written + 1);
  }
  ::close(fd);
}
BENCHMARK(BM_AccessLogLine);

void BM_HistogramObservation(benchmark::State& state) {
  metrics::Metrics metrics(true);
  const auto route = metrics.register_route("GET", "/me");
  double seconds = 0.0001;
  for (auto _ : state) {
    metrics.observe_request(route, 200, seconds);
    seconds = seconds < 0.5 ? seconds * 1.01 : 0.0001;
  }
}
BENCHMARK(BM_HistogramObservation);

void BM_HistogramObservationOff(benchmark::State& state) {
  metrics::Metrics metrics(false);
  const metrics::RouteId route{};
  for (auto _ : state) metrics.observe_request(route, 200, 0.001);
}
BENCHMARK(BM_HistogramObservationOff);

// GET /me's database half: digest the bearer token, then one indexed SELECT (SQLite, WAL, warm).
void BM_TokenCheck(benchmark::State& state) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("authlens-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string url = "sqlite://" + (dir / "store.db").string();
  constexpr int kTokens = 1000;
  std::vector<std::string> tokens;
  {
    auto store = store::make_store(url, nullptr);
    const std::int64_t now = std::time(nullptr);
    auto tx = store->begin();
    for (int i = 0; i < kTokens; ++i) {
      const auto id = tx->accounts().insert_account("user" + std::to_string(i) + "@bench.test",
                                                    "$argon2id$placeholder", now);
      tokens.push_back(account::new_access_token());
      store::NewSession session;
      session.token_hash = account::digest_token(tokens.back());
      session.id = account::new_public_id();
      session.account_id = id;
      session.created_at = now;
      session.expires_at = now + 86400;
      tx->sessions().insert_session(session);
    }
    tx->commit();
  }
  auto store = store::make_store(url, nullptr);
  std::size_t i = 0;
  const std::int64_t now = std::time(nullptr);
  for (auto _ : state) {
    auto session = store->find_session(account::digest_token(tokens[i++ % kTokens]), now);
    if (!session) state.SkipWithError("token not found");
    benchmark::DoNotOptimize(session);
  }
  store.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_TokenCheck);

void BM_RouteMatch(benchmark::State& state) {
  http::Router router;
  const auto ok = [](const http::Request&) { return http::Response{}; };
  for (const char* path : {"/register", "/register/confirm", "/register/resend", "/login",
                           "/password/forgot", "/password/reset", "/password/change", "/logout"})
    router.add("POST", path, ok);
  router.add("GET", "/me", ok);
  router.add("DELETE", "/me", ok);
  router.add("GET", "/healthz", ok);
  router.add("GET", "/readyz", ok);
  for (auto _ : state) {
    auto match = router.match("GET", "/me");
    benchmark::DoNotOptimize(match);
  }
}
BENCHMARK(BM_RouteMatch);

}  // namespace

BENCHMARK_MAIN();
