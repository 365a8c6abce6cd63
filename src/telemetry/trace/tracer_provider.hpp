#pragma once
// The entry point of the tracing SDK: configured from the OTEL_* environment, owns the sampler,
// processors and exporters, and hands out the Tracer.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "telemetry/trace/getenv.hpp"
#include "telemetry/trace/resource.hpp"
#include "telemetry/trace/sampler.hpp"
#include "telemetry/trace/span_processor.hpp"
#include "telemetry/trace/span_sink.hpp"
#include "telemetry/trace/tracer.hpp"

namespace authlens::trace {

class TracerProvider {
 public:
  struct Stats {
    std::uint64_t spans_started = 0;   // recording spans
    std::uint64_t spans_exported = 0;  // summed over exporters
    std::uint64_t spans_dropped = 0;   // batch queue full, or ended after shutdown
    std::uint64_t spans_failed = 0;    // export failed after retries
    // CPU of the exporter threads (CLOCK_THREAD_CPUTIME_ID) plus the estimated inline cost of
    // start_span and end() on request threads (sampled; see telemetry/cost_sampler.hpp).
    double cpu_seconds = 0;
  };

  // Reads OTEL_SDK_DISABLED, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_EXPORTER,
  // OTEL_EXPORTER_OTLP_*, OTEL_TRACES_SAMPLER(_ARG) and OTEL_BSP_*. `viewer_store` (may be null)
  // also receives every finished sampled span. Throws ConfigError (config_error.hpp) naming the
  // variable when a value is invalid; the app reports it and exits 2.
  static std::shared_ptr<TracerProvider> create_from_env(const Getenv& getenv,
                                                         std::string service_version,
                                                         std::shared_ptr<SpanSink> viewer_store);
  // Everything a no-op; spans only pass on a parent context.
  static std::shared_ptr<TracerProvider> create_disabled();

  TracerProvider(Resource resource, std::unique_ptr<Sampler> sampler,
                 std::vector<std::unique_ptr<SpanProcessor>> processors);
  ~TracerProvider();  // shutdown with a 5 s bound when not done yet
  TracerProvider(const TracerProvider&) = delete;
  TracerProvider& operator=(const TracerProvider&) = delete;

  Tracer& tracer() noexcept { return tracer_; }
  const Resource& resource() const noexcept { return resource_; }
  bool enabled() const noexcept;
  bool force_flush(std::chrono::milliseconds timeout);
  void shutdown(std::chrono::milliseconds timeout);
  Stats stats() const;

 private:
  TracerProvider();  // disabled
  Resource resource_;
  std::shared_ptr<detail::TracerState> state_;
  Tracer tracer_;
  bool shut_down_ = false;
};

}  // namespace authlens::trace
