#pragma once
// The span that is active on this thread (OpenTelemetry's RuntimeContext, thread-local flavour):
// what a flow annotates with current_span().set_attribute(…), what a child span starts under,
// and what log lines carry the ids of. Work that hops threads activates the span again on the
// other side (ContextScope), as the HTTP server does for handlers on the worker pool.
#include <optional>

#include "telemetry/trace/api/span.hpp"

namespace authlens::trace {

// The active span, or NullSpan::instance() when none is: never null, so callers need no check.
Span& current_span() noexcept;
inline const SpanContext& current_span_context() noexcept { return current_span().context(); }

// Makes a span the active one for this thread until destroyed, then restores the previous one.
// The span must outlive the scope. Lives on one thread: do not keep one across a co_await that
// may resume elsewhere.
class ContextScope {
 public:
  explicit ContextScope(Span& span) noexcept;
  // A context without its span (a stored traceparent, a test): a non-recording span of it.
  explicit ContextScope(const SpanContext& context);
  ~ContextScope();
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  std::optional<NonRecordingSpan> context_only_;
  Span* previous_;
};

}  // namespace authlens::trace
