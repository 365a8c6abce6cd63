#include "telemetry/trace/api/tracer.hpp"

#include <gtest/gtest.h>

#include "in_memory_exporter.hpp"
#include "telemetry/config_error.hpp"
#include "telemetry/trace/api/semconv.hpp"
#include "telemetry/trace/api/traceparent.hpp"
#include "telemetry/trace/autoconfigure/sdk_config.hpp"
#include "telemetry/trace/autoconfigure/tracing_from_env.hpp"
#include "telemetry/trace/sdk/batch_span_processor.hpp"
#include "telemetry/trace/sdk/simple_span_processor.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

#include <map>

namespace authlens::trace {
namespace {

SpanStartOptions options_with(SpanKind kind, std::optional<SpanContext> parent = std::nullopt,
                              bool new_root = false) {
  SpanStartOptions o;
  o.kind = kind;
  o.parent = std::move(parent);
  o.new_root = new_root;
  return o;
}

struct Fixture {
  explicit Fixture(std::unique_ptr<Sampler> sampler = make_always_on_sampler()) {
    auto exp = std::make_unique<InMemorySpanExporter>();
    exporter = exp.get();
    std::vector<std::unique_ptr<SpanProcessor>> processors;
    processors.push_back(std::make_unique<SimpleSpanProcessor>(std::move(exp)));
    provider =
        std::make_shared<TracerProvider>(Resource{}, std::move(sampler), std::move(processors));
  }
  std::shared_ptr<TracerProvider> provider;
  InMemorySpanExporter* exporter;
};

TEST(Tracer, RecordsSpanDataAndEndsOnce) {
  Fixture f;
  auto span = f.provider->tracer().start_span("op", options_with(SpanKind::kClient));
  ASSERT_TRUE(span->is_recording());
  span->set_attribute("s", "literal");  // a string, not a bool
  span->set_attribute("i", 42);
  span->set_attribute("u", std::size_t{7});
  span->set_attribute("d", 1.5);
  span->set_attribute("b", true);
  span->set_attribute("i", 43);  // overwrite keeps one entry
  span->add_event("ev", {{"k", std::string("v")}});
  span->set_status(StatusCode::kError, "why");
  span->update_name("op2");
  span->end();
  span->end();
  span->set_attribute("late", 1);
  EXPECT_FALSE(span->is_recording());
  const auto spans = f.exporter->spans();
  ASSERT_EQ(spans.size(), 1u);
  const SpanData& d = *spans[0];
  EXPECT_EQ(d.name, "op2");
  EXPECT_EQ(d.kind, SpanKind::kClient);
  ASSERT_EQ(d.attributes.size(), 5u);
  EXPECT_EQ(std::get<std::string>(d.attributes[0].value), "literal");
  EXPECT_EQ(std::get<std::int64_t>(d.attributes[1].value), 43);
  EXPECT_EQ(std::get<std::int64_t>(d.attributes[2].value), 7);
  EXPECT_TRUE(std::get<bool>(d.attributes[4].value));
  EXPECT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.status, StatusCode::kError);
  EXPECT_EQ(d.status_description, "why");
  EXPECT_GE(d.end_time_unix_nano, d.start_time_unix_nano);
  EXPECT_FALSE(d.has_parent());
}

TEST(Tracer, ScopedSpansNestAndRestoreContext) {
  Fixture f;
  EXPECT_FALSE(current_span_context().is_valid());
  {
    ScopedSpan outer(f.provider->tracer(), "outer", SpanKind::kServer);
    EXPECT_EQ(current_span_context().span_id, outer->context().span_id);
    {
      ScopedSpan inner(f.provider->tracer(), "select_session", SpanKind::kClient);
      inner->set_attribute("db.system", "sqlite");
      EXPECT_EQ(inner->context().trace_id, outer->context().trace_id);
    }
    EXPECT_EQ(current_span_context().span_id, outer->context().span_id);
  }
  EXPECT_FALSE(current_span_context().is_valid());
  const auto spans = f.exporter->spans();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0]->name, "select_session");
  EXPECT_EQ(spans[0]->parent_span_id, spans[1]->context.span_id);
  EXPECT_FALSE(spans[0]->parent_is_remote);
}

TEST(Tracer, RemoteParentAndNewRoot) {
  Fixture f;
  auto parent =
      extract_trace_context("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "a=b");
  auto span = f.provider->tracer().start_span("srv", options_with(SpanKind::kServer, parent));
  EXPECT_EQ(span->context().trace_id, parent->trace_id);
  EXPECT_EQ(span->context().trace_state, "a=b");
  EXPECT_FALSE(span->context().is_remote);
  span->end();
  EXPECT_TRUE(f.exporter->spans()[0]->parent_is_remote);

  ContextScope scope(*parent);
  auto root = f.provider->tracer().start_span(
      "root", options_with(SpanKind::kInternal, std::nullopt, true));
  EXPECT_NE(root->context().trace_id, parent->trace_id);
}

TEST(Tracer, SampledOutSpanPropagatesButRecordsNothing) {
  Fixture f(make_parent_based_sampler(make_always_on_sampler()));
  auto parent =
      extract_trace_context("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", "");
  auto span = f.provider->tracer().start_span("x", options_with(SpanKind::kInternal, parent));
  EXPECT_FALSE(span->is_recording());
  EXPECT_EQ(span->context().trace_id, parent->trace_id);
  EXPECT_NE(span->context().span_id, parent->span_id);
  EXPECT_FALSE(span->context().is_sampled());
  span->set_attribute("k", "v");
  span->end();
  EXPECT_TRUE(f.exporter->spans().empty());
  EXPECT_EQ(f.provider->stats().spans_started, 0u);
}

TracingOptions version_1() {
  TracingOptions options;
  options.service_version = "1";
  return options;
}

std::function<std::optional<std::string>(std::string_view)> env(
    std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(TracerProvider, DisabledSdkIsANoOpThatStillPropagates) {
  auto provider = make_tracer_provider_from_env(env({{"OTEL_SDK_DISABLED", "TRUE"}}), version_1());
  EXPECT_FALSE(provider->enabled());
  auto root = provider->tracer().start_span("x");
  EXPECT_FALSE(root->is_recording());
  EXPECT_FALSE(root->context().is_valid());
  auto parent =
      extract_trace_context("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "");
  auto child = provider->tracer().start_span("y", options_with(SpanKind::kInternal, parent));
  EXPECT_EQ(child->context().trace_id, parent->trace_id);
  EXPECT_EQ(provider->stats().spans_started, 0u);
}

TEST(TracerProvider, InvalidSettingsNameTheVariable) {
  const std::pair<const char*, const char*> bad[] = {
      {"OTEL_TRACES_EXPORTER", "zipkin"},
      {"OTEL_TRACES_SAMPLER", "sometimes"},
      {"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"},
      {"OTEL_BSP_MAX_QUEUE_SIZE", "-1"},
      {"OTEL_BSP_SCHEDULE_DELAY", "5s"},
      {"OTEL_EXPORTER_OTLP_TIMEOUT", "x"},
      {"OTEL_EXPORTER_OTLP_COMPRESSION", "brotli"},
      {"OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318"},
      {"OTEL_RESOURCE_ATTRIBUTES", "novalue"},
      {"OTEL_EXPORTER_OTLP_HEADERS", "api-key"},
  };
  for (auto [name, value] : bad) {
    try {
      make_tracer_provider_from_env(env({{name, value}}), version_1());
      ADD_FAILURE() << name << " accepted";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.variable(), name);
    }
  }
  try {
    make_tracer_provider_from_env(
        env({{"OTEL_TRACES_SAMPLER", "traceidratio"}, {"OTEL_TRACES_SAMPLER_ARG", "1.5"}}),
        version_1());
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.variable(), "OTEL_TRACES_SAMPLER_ARG");
  }
}

TEST(TracerProvider, ResourceFromEnvironment) {
  Resource r = make_resource_from_env(
      env({{"OTEL_RESOURCE_ATTRIBUTES", "service.name=fromattrs,deployment.environment=a%20b"}}),
      "9.9");
  EXPECT_EQ(r.service_name(), "fromattrs");
  bool found = false;
  for (const auto& a : r.attributes)
    if (a.key == "deployment.environment") found = std::get<std::string>(a.value) == "a b";
  EXPECT_TRUE(found);
  r = make_resource_from_env(
      env({{"OTEL_SERVICE_NAME", "svc"}, {"OTEL_RESOURCE_ATTRIBUTES", "service.name=x"}}), "1");
  EXPECT_EQ(r.service_name(), "svc");
  EXPECT_EQ(make_resource_from_env(env({}), "1").service_name(), "authlens");
}

TEST(TracerProvider, DefaultsAndEndpoints) {
  auto config = read_sdk_config(env({}));
  EXPECT_EQ(config.otlp.url, "http://localhost:4318/v1/traces");
  EXPECT_EQ(config.otlp.protocol, OtlpProtocol::kHttpProtobuf);
  EXPECT_EQ(config.sampler, SamplerKind::kParentBasedAlwaysOn);
  EXPECT_EQ(config.batch.max_queue_size, 2048u);
  EXPECT_EQ(config.batch.max_export_batch_size, 512u);
  EXPECT_EQ(config.batch.schedule_delay.count(), 5000);
  EXPECT_EQ(config.batch.export_timeout.count(), 30000);
  EXPECT_EQ(config.otlp.timeout.count(), 10000);
  config = read_sdk_config(env({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318/"},
                                {"OTEL_TRACES_EXPORTER", "console,none"}}));
  EXPECT_EQ(config.otlp.url, "http://jaeger:4318/v1/traces");
  EXPECT_EQ(config.exporters, std::vector<ExporterKind>{ExporterKind::kConsole});
  config = read_sdk_config(env({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:1"},
                                {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://b:2/custom"}}));
  EXPECT_EQ(config.otlp.url, "http://b:2/custom");
}

}  // namespace
}  // namespace authlens::trace

namespace authlens::trace {
namespace {

TEST(Tracer, StartAttributesComeFirstAndLaterOnesOverwriteInPlace) {
  Fixture f;
  const AttributeArg start_list[] = {{StaticKey{"url.scheme"}, "http"},
                                     {StaticKey{"server.port"}, 8080},
                                     {StaticKey{"url.path"}, "/me"},
                                     {StaticKey{"server.port"}, 9090}};  // overrides in place
  SpanStartOptions options = options_with(SpanKind::kServer);
  options.attributes = start_list;
  auto span = f.provider->tracer().start_span("GET", options);
  span->set_attribute(semconv::kHttpRoute, "/me");
  span->set_attribute(StaticKey{"url.scheme"}, "https");
  span->end();

  const auto spans = f.exporter->spans();
  ASSERT_EQ(spans.size(), 1u);
  const auto& attributes = spans[0]->attributes;
  ASSERT_EQ(attributes.size(), 4u);
  EXPECT_EQ(attributes[0].key.view(), "url.scheme");
  EXPECT_EQ(std::get<std::string>(attributes[0].value), "https");
  EXPECT_EQ(attributes[1].key.view(), "server.port");
  EXPECT_EQ(std::get<std::int64_t>(attributes[1].value), 9090);
  EXPECT_EQ(attributes[2].key.view(), "url.path");
  EXPECT_EQ(attributes[3].key.view(), "http.route");
}

}  // namespace
}  // namespace authlens::trace

namespace authlens::trace {
namespace {

class DiscardExporter final : public SpanExporter {
 public:
  ExportResult export_spans(std::span<const SpanDataPtr>, std::chrono::milliseconds) override {
    return ExportResult::kSuccess;
  }
};

// What the provider reports about itself (authlens_spans_* and the traces CPU series). How fast
// a span is belongs to bench/ (BM_MeRequestSpans, the callgrind table), not to a unit test.
TEST(TracerProvider, StatsCountStartedAndExportedSpansAndTheirCost) {
  BatchOptions options;
  options.max_queue_size = 1 << 14;
  std::vector<std::unique_ptr<SpanProcessor>> processors;
  processors.push_back(
      std::make_unique<BatchSpanProcessor>(std::make_unique<DiscardExporter>(), options));
  TracerProvider provider(Resource{}, make_always_on_sampler(), std::move(processors));
  constexpr int kSpans = 4096;
  SpanStartOptions client;
  client.kind = SpanKind::kClient;
  for (int i = 0; i < kSpans; ++i) {
    auto span = provider.tracer().start_span("select_session", client);
    span->set_attribute("db.system", "sqlite");
    span->end();
  }
  EXPECT_TRUE(provider.force_flush(std::chrono::seconds(30)));
  const auto stats = provider.stats();
  EXPECT_EQ(stats.spans_started, static_cast<std::uint64_t>(kSpans));
  EXPECT_EQ(stats.spans_exported, static_cast<std::uint64_t>(kSpans));
  EXPECT_EQ(stats.spans_dropped, 0u);
  EXPECT_GT(stats.cpu_seconds, 0.0);  // sampled inline cost plus the worker's own CPU
}

}  // namespace
}  // namespace authlens::trace
