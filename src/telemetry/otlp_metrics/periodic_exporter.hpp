#pragma once
// The OpenTelemetry SDK's periodic exporting metric reader, for OTEL_METRICS_EXPORTER=otlp: every
// OTEL_METRIC_EXPORT_INTERVAL a background thread collects the same families /metrics serves
// (Metrics::collect), encodes them (cumulative temporality) and sends them with the OTLP sender;
// once more at shutdown. The request path is untouched: recording is what it is for /metrics.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "telemetry/metrics/metrics.hpp"
#include "telemetry/trace/exporters/otlp_http_options.hpp"
#include "telemetry/trace/exporters/otlp_http_sender.hpp"
#include "telemetry/trace/exporters/proto_writer.hpp"
#include "telemetry/trace/sdk/getenv.hpp"
#include "telemetry/trace/sdk/resource.hpp"

namespace authlens::otlp_metrics {

struct PeriodicOptions {  // the spec's defaults
  std::chrono::milliseconds interval{60000};
  std::chrono::milliseconds timeout{30000};
};

class PeriodicExporter {
 public:
  struct Stats {
    std::uint64_t exports = 0;  // requests the receiver accepted
    std::uint64_t failed = 0;   // requests that failed after retries
    double cpu_seconds = 0;     // the export thread's (collecting counts as metrics' own too)
  };

  // `send`: POSTs one encoded request within the timeout; true when accepted (OtlpHttpSender in
  // the service, a fake in tests). `metrics` must outlive this object.
  using Send = std::function<bool(std::string_view body, std::chrono::milliseconds timeout)>;
  PeriodicExporter(metrics::Metrics& metrics, Send send, std::function<void()> cancel,
                   trace::Resource resource, trace::InstrumentationScope scope,
                   PeriodicOptions options);
  ~PeriodicExporter();  // shutdown()

  // Exports now, on the calling thread (also what each interval does).
  bool export_once();
  // Stops the thread after one last export (of at most 5 s).
  void shutdown();
  Stats stats() const noexcept;

 private:
  static constexpr std::chrono::milliseconds kFinalExportTimeout{5000};
  void run();
  bool export_within(std::chrono::milliseconds timeout);

  metrics::Metrics& metrics_;
  const Send send_;
  const std::function<void()> cancel_;
  const trace::Resource resource_;
  const trace::InstrumentationScope scope_;
  const PeriodicOptions options_;
  const std::uint64_t start_unix_nano_;
  std::mutex export_mutex_;  // guards request_
  trace::ProtoWriter request_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::atomic<std::uint64_t> exports_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::int64_t> cpu_ns_{0};
  std::thread thread_;  // last
};

// OTEL_METRICS_EXPORTER: "prometheus" (the default: /metrics), "otlp", "none"; a comma list.
struct MetricsExporters {
  bool prometheus = true;
  bool otlp = false;
};
struct MetricsConfig {
  MetricsExporters exporters;
  trace::OtlpHttpOptions otlp_options;  // OTEL_EXPORTER_OTLP_[METRICS_]*
  PeriodicOptions periodic;             // OTEL_METRIC_EXPORT_INTERVAL, OTEL_METRIC_EXPORT_TIMEOUT
};
// Throws ConfigError naming the variable for a value we do not take.
MetricsConfig read_metrics_config(const trace::Getenv& getenv);

// The OTLP exporter when OTEL_METRICS_EXPORTER names otlp, else null.
std::unique_ptr<PeriodicExporter> make_metrics_exporter_from_env(const trace::Getenv& getenv,
                                                                 metrics::Metrics& metrics,
                                                                 std::string_view service_version);

}  // namespace authlens::otlp_metrics
