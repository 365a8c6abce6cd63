#pragma once
// Samplers of the OpenTelemetry SDK spec: always_on, always_off, traceidratio, parentbased_*.
#include <memory>
#include <string>
#include <string_view>

#include "telemetry/trace/api/span_context.hpp"
#include "telemetry/trace/sdk/span_data.hpp"

namespace authlens::trace {

enum class SamplingDecision { kDrop, kRecordOnly, kRecordAndSample };

class Sampler {
 public:
  virtual ~Sampler() = default;
  // `parent` is invalid for a root span.
  virtual SamplingDecision should_sample(const SpanContext& parent, const TraceId& trace_id,
                                         std::string_view name, SpanKind kind) const noexcept = 0;
  virtual std::string description() const = 0;
};

std::unique_ptr<Sampler> make_always_on_sampler();
std::unique_ptr<Sampler> make_always_off_sampler();
// Deterministic on the trace id, so every service sampling at the same ratio keeps the same traces.
std::unique_ptr<Sampler> make_trace_id_ratio_sampler(double ratio);
// Follows the parent's sampled flag; `root` decides for spans without a parent, and also for
// spans under a remote parent when `trust_remote_flag` is false (the spec's ParentBased with
// remoteParentSampled and remoteParentNotSampled set to the root sampler): the caller's trace id
// is continued, but whether it is recorded is ours to decide.
std::unique_ptr<Sampler> make_parent_based_sampler(std::unique_ptr<Sampler> root,
                                                   bool trust_remote_flag = true);

}  // namespace authlens::trace
