#pragma once
// What spans and the tracer share with the provider (internal to the SDK).
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "telemetry/cost_sampler.hpp"
#include "telemetry/trace/sdk/sampler.hpp"
#include "telemetry/trace/sdk/span_data.hpp"
#include "telemetry/trace/sdk/span_processor.hpp"

namespace authlens::trace::detail {

class TracerState {
 public:
  TracerState(std::unique_ptr<Sampler> sampler,
              std::vector<std::unique_ptr<SpanProcessor>> processors);

  const Sampler& sampler() const noexcept { return *sampler_; }
  const std::vector<std::unique_ptr<SpanProcessor>>& processors() const noexcept {
    return processors_;
  }
  // Hands a finished sampled span to every processor (the last one gets the caller's reference).
  void end_span(SpanDataPtr&& data) noexcept;

  std::atomic<std::uint64_t> spans_started{0};
  // CPU spent inline in start_span and end() on request threads, sampled (cost_sampler.hpp).
  telemetry::CostSampler inline_cost{telemetry::Signal::kTraces};

 private:
  std::unique_ptr<Sampler> sampler_;
  std::vector<std::unique_ptr<SpanProcessor>> processors_;
};

}  // namespace authlens::trace::detail
