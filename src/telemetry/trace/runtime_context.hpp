#pragma once
// The span that is active on this thread (OpenTelemetry's RuntimeContext, thread-local storage
// flavour). Work that hops threads captures the context and activates it again on the other side.
#include "telemetry/trace/span_context.hpp"

namespace authlens::trace {

// The active span's context on this thread, or an invalid context when none is active.
const SpanContext& current_span_context() noexcept;

// Makes `context` the active one for this thread until destroyed, then restores the previous one.
class ContextScope {
 public:
  explicit ContextScope(const SpanContext& context) noexcept;
  ~ContextScope();
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  const SpanContext* previous_;
};

}  // namespace authlens::trace
