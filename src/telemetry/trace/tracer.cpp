#include "telemetry/trace/tracer.hpp"

#include "telemetry/trace/clock.hpp"
#include "telemetry/trace/id_generator.hpp"
#include "telemetry/trace/span_pool.hpp"
#include "telemetry/trace/tracer_state.hpp"

namespace authlens::trace {
namespace {

// Shared by every root span of a disabled SDK: nothing to record, nothing to propagate.
const std::shared_ptr<Span>& invalid_noop_span() {
  static const auto span = std::make_shared<Span>(nullptr, SpanContext{}, nullptr, false);
  return span;
}

}  // namespace

std::shared_ptr<Span> Tracer::start_span(std::string_view name, const SpanStartOptions& options) {
  static const SpanContext kNoParent;
  const SpanContext& parent = options.new_root ? kNoParent
                              : options.parent ? *options.parent
                                               : current_span_context();
  if (!state_ || state_->disabled()) {
    // The API's no-op behaviour: pass the parent on unchanged.
    if (!parent.is_valid()) return invalid_noop_span();
    return std::make_shared<Span>(nullptr, parent, nullptr, false);
  }

  const bool time_cost = state_->inline_cost.sample_this_call();
  const std::int64_t cpu_before = time_cost ? telemetry::thread_cpu_ns() : 0;

  const bool has_parent = parent.is_valid();
  SpanContext context;
  context.trace_id = has_parent ? parent.trace_id : generate_trace_id();
  context.span_id = generate_span_id();
  context.trace_state = has_parent ? parent.trace_state : std::string();
  const SamplingDecision decision =
      state_->sampler().should_sample(parent, context.trace_id, name, options.kind);
  if (decision == SamplingDecision::kRecordAndSample) context.trace_flags = kTraceFlagSampled;

  std::shared_ptr<SpanData> data;
  if (decision != SamplingDecision::kDrop) {
    data = std::allocate_shared<SpanData>(detail::SpanPoolAllocator<SpanData>());
    data->context = context;
    if (has_parent) {
      data->parent_span_id = parent.span_id;
      data->parent_is_remote = parent.is_remote;
    }
    data->name.assign(name);
    data->kind = options.kind;
    data->start_time_unix_nano =
        options.start_time_unix_nano != 0 ? options.start_time_unix_nano : now_unix_nano();
    if (options.constant_attributes != nullptr) data->attributes = *options.constant_attributes;
    if (!options.attributes.empty())
      data->dropped_attributes =
          data->attributes.set_all(options.attributes, kMaxAttributesPerSpan);
    state_->spans_started.fetch_add(1, std::memory_order_relaxed);
  }
  auto span = std::allocate_shared<Span>(detail::SpanPoolAllocator<Span>(), state_,
                                         std::move(context), std::move(data), time_cost);
  if (time_cost) state_->inline_cost.add_sampled(cpu_before);
  return span;
}

ScopedSpan::ScopedSpan(Tracer& tracer, std::string_view name, SpanKind kind)
    : ScopedSpan(tracer, name, [kind] {
        SpanStartOptions options;
        options.kind = kind;
        return options;
      }()) {}

ScopedSpan::ScopedSpan(Tracer& tracer, std::string_view name, const SpanStartOptions& options)
    : span_(tracer.start_span(name, options)), scope_(span_->context()) {}

ScopedSpan::~ScopedSpan() { span_->end(); }

}  // namespace authlens::trace
