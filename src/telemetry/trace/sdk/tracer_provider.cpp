#include "telemetry/trace/sdk/tracer_provider.hpp"

#include <algorithm>

#include "telemetry/trace/sdk/sdk_tracer.hpp"
#include "telemetry/trace/sdk/tracer_state.hpp"

namespace authlens::trace {

std::shared_ptr<TracerProvider> TracerProvider::create_disabled() {
  return std::shared_ptr<TracerProvider>(new TracerProvider());
}

TracerProvider::TracerProvider() : tracer_(std::make_unique<NoopTracer>()) {}

TracerProvider::TracerProvider(Resource resource, std::unique_ptr<Sampler> sampler,
                               std::vector<std::unique_ptr<SpanProcessor>> processors)
    : resource_(std::move(resource)),
      state_(std::make_shared<detail::TracerState>(std::move(sampler), std::move(processors))),
      tracer_(std::make_unique<SdkTracer>(state_)) {}

TracerProvider::~TracerProvider() { shutdown(std::chrono::seconds(5)); }

bool TracerProvider::force_flush(std::chrono::milliseconds timeout) {
  if (!state_) return true;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool ok = true;
  for (auto& p : state_->processors()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    ok = p->force_flush(std::max(left, std::chrono::milliseconds(0))) && ok;
  }
  return ok;
}

void TracerProvider::shutdown(std::chrono::milliseconds timeout) {
  if (shut_down_ || !state_) return;
  shut_down_ = true;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (auto& p : state_->processors()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    p->shutdown(std::max(left, std::chrono::milliseconds(0)));
  }
}

TracerProvider::Stats TracerProvider::stats() const {
  Stats s;
  if (!state_) return s;
  s.spans_started = state_->spans_started.load(std::memory_order_relaxed);
  std::uint64_t cpu = static_cast<std::uint64_t>(state_->inline_cost.ns());
  for (const auto& p : state_->processors()) {
    const ProcessorStats ps = p->stats();
    s.spans_exported += ps.exported;
    s.spans_dropped += ps.dropped;
    s.spans_failed += ps.failed;
    cpu += ps.cpu_nanos;
  }
  s.cpu_seconds = static_cast<double>(cpu) / 1e9;
  return s;
}

}  // namespace authlens::trace
