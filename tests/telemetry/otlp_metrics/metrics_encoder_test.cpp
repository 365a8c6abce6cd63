#include "telemetry/otlp_metrics/metrics_encoder.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "telemetry/config_error.hpp"
#include "telemetry/metrics/metrics.hpp"
#include "telemetry/otlp_metrics/periodic_exporter.hpp"
#include "telemetry/trace/proto_reader.hpp"

namespace authlens::otlp_metrics {
namespace {

using trace::testing::fields_numbered;
using trace::testing::only;
using trace::testing::parse_message;
using trace::testing::ProtoField;

double as_double(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

std::vector<std::uint64_t> packed_fixed64(std::string_view bytes) {
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t v = 0;
    for (int b = 0; b < 8; ++b)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i + b])) << (8 * b);
    out.push_back(v);
  }
  return out;
}

// name -> the Metric message's fields, from one request.
std::map<std::string, std::vector<ProtoField>> metrics_by_name(std::string_view request) {
  const auto rm = parse_message(only(parse_message(request), 1).bytes);
  const auto sm = parse_message(only(rm, 2).bytes);
  std::map<std::string, std::vector<ProtoField>> out;
  for (const auto& m : fields_numbered(sm, 2)) {
    auto fields = parse_message(m.bytes);
    out[std::string(only(fields, 1).bytes)] = fields;
  }
  return out;
}

std::map<std::string, std::string> attributes_of(const std::vector<ProtoField>& point,
                                                 std::uint32_t field) {
  std::map<std::string, std::string> out;
  for (const auto& kv : fields_numbered(point, field)) {
    const auto pair = parse_message(kv.bytes);
    out[std::string(only(pair, 1).bytes)] =
        std::string(only(parse_message(only(pair, 2).bytes), 1).bytes);
  }
  return out;
}

TEST(OtlpMetricsEncoder, TheSameInstrumentsAsTheExposition) {
  metrics::Metrics m;
  const auto me = m.register_route("GET", "/me");
  metrics::TraceRef trace;
  trace.trace_id.fill(0x4b);
  trace.span_id.fill(0x01);
  m.observe_request(me, 200, 0.003, &trace);
  m.observe_request(me, 200, 0.3);
  m.auth_event("login", "ok");
  m.auth_event("login", "ok");
  const auto snapshot = m.collect();

  trace::Resource resource;
  resource.attributes.push_back({"service.name", std::string("authlens")});
  trace::ProtoWriter w;
  encode_metrics_request(w, resource, {"authlens", "0.1.0"}, snapshot.families,
                         std::span(&snapshot.exemplars, 1), {1000, 2000});
  const auto by_name = metrics_by_name(w.bytes());

  // A counter: a cumulative monotonic sum named without _total.
  ASSERT_TRUE(by_name.count("authlens_auth_events")) << "counter names lose _total";
  const auto sum = parse_message(only(by_name.at("authlens_auth_events"), 7).bytes);
  EXPECT_EQ(only(sum, 2).integer, 2u);  // CUMULATIVE
  EXPECT_EQ(only(sum, 3).integer, 1u);  // monotonic
  const auto point = parse_message(only(sum, 1).bytes);
  EXPECT_DOUBLE_EQ(as_double(only(point, 4).integer), 2.0);
  EXPECT_EQ(only(point, 2).integer, 1000u);
  EXPECT_EQ(only(point, 3).integer, 2000u);
  EXPECT_EQ(attributes_of(point, 7),
            (std::map<std::string, std::string>{{"event", "login"}, {"result", "ok"}}));

  // The duration histogram: per-bucket counts, finite bounds, the exemplar of the sampled one.
  const auto& duration = by_name.at("http_server_request_duration_seconds");
  EXPECT_EQ(only(duration, 3).bytes, "s");
  const auto histogram = parse_message(only(duration, 9).bytes);
  EXPECT_EQ(only(histogram, 2).integer, 2u);
  const auto points = fields_numbered(histogram, 1);
  ASSERT_EQ(points.size(), 1u);
  const auto hp = parse_message(points[0].bytes);
  EXPECT_EQ(only(hp, 4).integer, 2u);
  EXPECT_DOUBLE_EQ(as_double(only(hp, 5).integer), 0.303);
  const auto counts = packed_fixed64(only(hp, 6).bytes);
  const auto bounds = packed_fixed64(only(hp, 7).bytes);
  ASSERT_EQ(counts.size(), bounds.size() + 1) << "+Inf is implicit in the bounds";
  EXPECT_EQ(counts[0], 1u);  // le 0.005
  EXPECT_DOUBLE_EQ(as_double(bounds[0]), 0.005);
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  EXPECT_EQ(total, 2u);
  const auto exemplars = fields_numbered(hp, 8);
  ASSERT_EQ(exemplars.size(), 1u);
  const auto ex = parse_message(exemplars[0].bytes);
  EXPECT_EQ(only(ex, 5).bytes, std::string(16, '\x4b'));
  EXPECT_EQ(only(ex, 4).bytes, std::string(8, '\x01'));
  EXPECT_DOUBLE_EQ(as_double(only(ex, 3).integer), 0.003);
  EXPECT_EQ(attributes_of(hp, 9).at("http_route"), "/me");

  // Gauges and process metrics are there too.
  EXPECT_TRUE(by_name.count("http_server_active_requests"));
  EXPECT_TRUE(by_name.count("process_resident_memory_bytes"));
  EXPECT_EQ(only(by_name.at("process_resident_memory_bytes"), 3).bytes, "By");
  EXPECT_EQ(fields_numbered(by_name.at("process_resident_memory_bytes"), 5).size(), 1u);
  EXPECT_TRUE(by_name.count("authlens_telemetry_cpu_seconds"));
}

TEST(OtlpMetricsEncoder, Units) {
  EXPECT_EQ(unit_of("x_seconds"), "s");
  EXPECT_EQ(unit_of("x_bytes"), "By");
  EXPECT_EQ(unit_of("cpu_usage"), "");
}

TEST(PeriodicExporter, ExportsEveryIntervalAndOnceMoreAtShutdown) {
  metrics::Metrics m;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> bodies;
  bool accept = false;
  PeriodicOptions options;
  options.interval = std::chrono::milliseconds(20);
  auto exporter = std::make_unique<PeriodicExporter>(
      m,
      [&](std::string_view body, std::chrono::milliseconds) {
        std::lock_guard lock(mutex);
        bodies.emplace_back(body);
        changed.notify_all();
        return accept;
      },
      nullptr, trace::Resource{}, trace::InstrumentationScope{}, options);
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(
        changed.wait_for(lock, std::chrono::seconds(10), [&] { return bodies.size() >= 2; }));
    accept = true;
  }
  exporter->shutdown();
  const auto stats = exporter->stats();
  std::lock_guard lock(mutex);
  EXPECT_EQ(stats.exports + stats.failed, bodies.size());
  EXPECT_GE(stats.failed, 2u);
  EXPECT_GE(stats.exports, 1u) << "the last export at shutdown";
  EXPECT_TRUE(metrics_by_name(bodies.back()).count("http_server_active_requests"));
}

TEST(MetricsConfig, ExporterListAndSettings) {
  const auto env = [](std::map<std::string, std::string> vars) -> trace::Getenv {
    return [vars](std::string_view name) -> std::optional<std::string> {
      auto it = vars.find(std::string(name));
      if (it == vars.end()) return std::nullopt;
      return it->second;
    };
  };
  auto c = read_metrics_config(env({}));
  EXPECT_TRUE(c.exporters.prometheus);
  EXPECT_FALSE(c.exporters.otlp);
  c = read_metrics_config(env({{"OTEL_METRICS_EXPORTER", "otlp"},
                               {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"},
                               {"OTEL_METRIC_EXPORT_INTERVAL", "1500"}}));
  EXPECT_FALSE(c.exporters.prometheus);
  EXPECT_TRUE(c.exporters.otlp);
  EXPECT_EQ(c.otlp_options.url, "http://c:4318/v1/metrics");
  EXPECT_EQ(c.periodic.interval, std::chrono::milliseconds(1500));
  c = read_metrics_config(env({{"OTEL_METRICS_EXPORTER", "prometheus, otlp"}}));
  EXPECT_TRUE(c.exporters.prometheus && c.exporters.otlp);
  c = read_metrics_config(env({{"OTEL_METRICS_EXPORTER", "none"}}));
  EXPECT_FALSE(c.exporters.prometheus || c.exporters.otlp);
  EXPECT_THROW(read_metrics_config(env({{"OTEL_METRICS_EXPORTER", "statsd"}})), trace::ConfigError);
  EXPECT_THROW(read_metrics_config(
                   env({{"OTEL_METRICS_EXPORTER", "otlp"}, {"OTEL_METRIC_EXPORT_INTERVAL", "0"}})),
               trace::ConfigError);
}

}  // namespace
}  // namespace authlens::otlp_metrics
