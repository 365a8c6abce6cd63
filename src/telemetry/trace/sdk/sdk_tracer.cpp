#include "telemetry/trace/sdk/sdk_tracer.hpp"

#include "base/clock.hpp"
#include "telemetry/thread_cpu.hpp"
#include "telemetry/trace/sdk/id_generator.hpp"
#include "telemetry/trace/sdk/recording_span.hpp"
#include "telemetry/trace/sdk/span_pool.hpp"
#include "telemetry/trace/sdk/tracer_state.hpp"

namespace authlens::trace {

std::shared_ptr<Span> SdkTracer::start_span(std::string_view name,
                                            const SpanStartOptions& options) {
  const SpanContext& parent = options.new_root ? NullSpan::instance().context()
                              : options.parent ? *options.parent
                                               : current_span_context();
  const bool time_cost = state_->inline_cost.sample_this_call();
  const std::int64_t cpu_before = time_cost ? telemetry::thread_cpu_ns() : 0;

  const bool has_parent = parent.is_valid();
  const TraceId trace_id = has_parent ? parent.trace_id : generate_trace_id();
  const SamplingDecision decision =
      state_->sampler().should_sample(parent, trace_id, name, options.kind);
  std::shared_ptr<Span> span;
  if (decision == SamplingDecision::kDrop) {
    SpanContext context;
    context.trace_id = trace_id;
    context.span_id = generate_span_id();
    // Most traces carry no tracestate: copying an empty string still costs a call.
    if (has_parent && !parent.trace_state.empty()) context.trace_state = parent.trace_state;
    span = std::allocate_shared<NonRecordingSpan>(detail::SpanPoolAllocator<NonRecordingSpan>(),
                                                  std::move(context));
  } else {
    auto recording = std::allocate_shared<RecordingSpan>(detail::SpanPoolAllocator<RecordingSpan>(),
                                                         state_, time_cost);
    SpanData& data = recording->data();
    data.context.trace_id = trace_id;
    data.context.span_id = generate_span_id();
    if (decision == SamplingDecision::kRecordAndSample)
      data.context.trace_flags = kTraceFlagSampled;
    if (has_parent) {
      if (!parent.trace_state.empty()) data.context.trace_state = parent.trace_state;
      data.parent_span_id = parent.span_id;
      data.parent_is_remote = parent.is_remote;
    }
    data.name.assign(name);
    data.kind = options.kind;
    data.start_time_unix_nano =
        options.start_time_unix_nano != 0 ? options.start_time_unix_nano : SystemClock::unix_nano();
    if (!options.attributes.empty())
      data.dropped_attributes = data.attributes.set_all(options.attributes, kMaxAttributesPerSpan);
    state_->spans_started.fetch_add(1, std::memory_order_relaxed);
    span = std::move(recording);
  }
  if (time_cost) state_->inline_cost.add_sampled(cpu_before);
  return span;
}

}  // namespace authlens::trace
