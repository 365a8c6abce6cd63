#include "telemetry/trace/api/tracer.hpp"

namespace authlens::trace {

std::shared_ptr<Span> null_span_handle() noexcept {
  // The aliasing constructor with an empty owner: a pointer to the static NullSpan that copies
  // and destroys without atomic counts.
  return std::shared_ptr<Span>(std::shared_ptr<Span>(), &NullSpan::instance());
}

std::shared_ptr<Span> NoopTracer::start_span(std::string_view, const SpanStartOptions& options) {
  if (options.new_root) return null_span_handle();
  const SpanContext& parent = options.parent ? *options.parent : current_span_context();
  if (!parent.is_valid()) return null_span_handle();
  return std::make_shared<NonRecordingSpan>(parent);
}

ScopedSpan::ScopedSpan(Tracer& tracer, std::string_view name, SpanKind kind)
    : ScopedSpan(tracer, name, [kind] {
        SpanStartOptions options;
        options.kind = kind;
        return options;
      }()) {}

ScopedSpan::ScopedSpan(Tracer& tracer, std::string_view name, const SpanStartOptions& options)
    : span_(tracer.start_span(name, options)), scope_(*span_) {}

ScopedSpan::~ScopedSpan() { span_->end(); }

}  // namespace authlens::trace
