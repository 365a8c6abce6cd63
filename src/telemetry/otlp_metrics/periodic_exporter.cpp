#include "telemetry/otlp_metrics/periodic_exporter.hpp"

#include "telemetry/config_error.hpp"
#include "telemetry/otlp_metrics/metrics_encoder.hpp"
#include "telemetry/thread_cpu.hpp"
#include "telemetry/trace/autoconfigure/sdk_config.hpp"

namespace authlens::otlp_metrics {
namespace {

std::uint64_t now_unix_nano() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace

PeriodicExporter::PeriodicExporter(metrics::Metrics& metrics, Send send,
                                   std::function<void()> cancel, trace::Resource resource,
                                   trace::InstrumentationScope scope, PeriodicOptions options)
    : metrics_(metrics),
      send_(std::move(send)),
      cancel_(std::move(cancel)),
      resource_(std::move(resource)),
      scope_(std::move(scope)),
      options_(options),
      start_unix_nano_(now_unix_nano()),
      thread_([this] { run(); }) {}

PeriodicExporter::~PeriodicExporter() { shutdown(); }

bool PeriodicExporter::export_once() { return export_within(options_.timeout); }

bool PeriodicExporter::export_within(std::chrono::milliseconds timeout) {
  std::lock_guard lock(export_mutex_);
  // Collecting is counted by Metrics itself (as a scrape is); encoding and sending here.
  const metrics::Metrics::Snapshot snapshot = metrics_.collect();
  const std::int64_t cpu_start = telemetry::thread_cpu_ns();
  encode_metrics_request(request_, resource_, scope_, snapshot.families,
                         std::span(&snapshot.exemplars, 1), {start_unix_nano_, now_unix_nano()});
  const std::int64_t encoded = telemetry::thread_cpu_ns_since(cpu_start);
  const bool ok = send_(request_.bytes(), timeout);
  (ok ? exports_ : failed_).fetch_add(1, std::memory_order_relaxed);
  cpu_ns_.fetch_add(encoded, std::memory_order_relaxed);
  return ok;
}

void PeriodicExporter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    const bool stop = wake_.wait_for(lock, options_.interval, [&] { return stopping_; });
    lock.unlock();
    // The last export must not hold the service's shutdown for a whole export timeout.
    export_within(stop ? std::min(options_.timeout, kFinalExportTimeout) : options_.timeout);
    lock.lock();
    if (stop) return;
  }
}

void PeriodicExporter::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (cancel_) cancel_();
}

PeriodicExporter::Stats PeriodicExporter::stats() const noexcept {
  Stats s;
  s.exports = exports_.load(std::memory_order_relaxed);
  s.failed = failed_.load(std::memory_order_relaxed);
  s.cpu_seconds = static_cast<double>(cpu_ns_.load(std::memory_order_relaxed)) * 1e-9;
  return s;
}

MetricsConfig read_metrics_config(const trace::Getenv& getenv) {
  MetricsConfig config;
  const auto names = trace::read_exporter_list(getenv, "OTEL_METRICS_EXPORTER",
                                               {"prometheus", "otlp"}, {"prometheus"});
  config.exporters.prometheus = false;
  for (const auto& name : names) {
    if (name == "prometheus") config.exporters.prometheus = true;
    if (name == "otlp") config.exporters.otlp = true;
  }
  if (!config.exporters.otlp) return config;
  config.otlp_options = trace::read_otlp_http_options(getenv, trace::OtlpSignal::kMetrics);
  if (config.otlp_options.protocol != trace::OtlpProtocol::kHttpProtobuf) {
    const bool own = trace::read_env(getenv, "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL").has_value();
    throw trace::ConfigError(
        own ? "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL" : "OTEL_EXPORTER_OTLP_PROTOCOL",
        "metrics are exported as http/protobuf only");
  }
  if (auto n = trace::read_env_count(getenv, "OTEL_METRIC_EXPORT_INTERVAL")) {
    if (*n == 0) throw trace::ConfigError("OTEL_METRIC_EXPORT_INTERVAL", "must be positive");
    config.periodic.interval = std::chrono::milliseconds(*n);
  }
  if (auto n = trace::read_env_count(getenv, "OTEL_METRIC_EXPORT_TIMEOUT"))
    config.periodic.timeout = std::chrono::milliseconds(*n);
  return config;
}

std::unique_ptr<PeriodicExporter> make_metrics_exporter_from_env(const trace::Getenv& getenv,
                                                                 metrics::Metrics& metrics,
                                                                 std::string_view service_version) {
  MetricsConfig config = read_metrics_config(getenv);
  if (!config.exporters.otlp) return nullptr;
  auto sender = std::make_shared<trace::OtlpHttpSender>(std::move(config.otlp_options));
  return std::make_unique<PeriodicExporter>(
      metrics,
      [sender](std::string_view body, std::chrono::milliseconds timeout) {
        return sender->send(body, timeout);
      },
      [sender] { sender->shutdown(); }, trace::make_resource_from_env(getenv, service_version),
      trace::InstrumentationScope{"authlens", std::string(service_version)}, config.periodic);
}

}  // namespace authlens::otlp_metrics
