#pragma once
// The SDK's entry point: owns the sampler and the processors (and through them the exporters)
// and hands out the Tracer. Built by the wiring, usually from the OTEL_* environment
// (autoconfigure/tracing_from_env.hpp); instrumented code sees only the Tracer (api/tracer.hpp).
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "telemetry/trace/api/tracer.hpp"
#include "telemetry/trace/sdk/resource.hpp"
#include "telemetry/trace/sdk/sampler.hpp"
#include "telemetry/trace/sdk/span_processor.hpp"

namespace authlens::trace {

namespace detail {
class TracerState;
}

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

  // OTEL_SDK_DISABLED: the API's NoopTracer; spans only pass on a parent context.
  static std::shared_ptr<TracerProvider> create_disabled();

  TracerProvider(Resource resource, std::unique_ptr<Sampler> sampler,
                 std::vector<std::unique_ptr<SpanProcessor>> processors);
  ~TracerProvider();  // shutdown with a 5 s bound when not done yet
  TracerProvider(const TracerProvider&) = delete;
  TracerProvider& operator=(const TracerProvider&) = delete;

  Tracer& tracer() noexcept { return *tracer_; }
  const Resource& resource() const noexcept { return resource_; }
  bool enabled() const noexcept { return state_ != nullptr; }
  bool force_flush(std::chrono::milliseconds timeout);
  void shutdown(std::chrono::milliseconds timeout);
  Stats stats() const;

 private:
  TracerProvider();  // disabled
  Resource resource_;
  std::shared_ptr<detail::TracerState> state_;  // null when disabled
  std::unique_ptr<Tracer> tracer_;
  bool shut_down_ = false;
};

}  // namespace authlens::trace
