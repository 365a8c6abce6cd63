#include "telemetry/trace/api/context.hpp"

namespace authlens::trace {
namespace {
// Null when no span is active: a pointer to a function-local static could not be the initial
// value of a thread_local without a guard on every access.
thread_local Span* t_current = nullptr;
}  // namespace

Span& current_span() noexcept { return t_current != nullptr ? *t_current : NullSpan::instance(); }

ContextScope::ContextScope(Span& span) noexcept : previous_(t_current) { t_current = &span; }

ContextScope::ContextScope(const SpanContext& context)
    : context_only_(std::in_place, context), previous_(t_current) {
  t_current = &*context_only_;
}

ContextScope::~ContextScope() { t_current = previous_; }

}  // namespace authlens::trace
