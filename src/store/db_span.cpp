#include "store/db_span.hpp"

#include "telemetry/trace/runtime_context.hpp"
#include "telemetry/trace/semconv.hpp"

namespace authlens::store {

DbSpan::DbSpan(trace::Tracer* tracer, std::string_view system, std::string_view operation) {
  // Only inside a trace: a background poll (the outbox worker idling) would otherwise start a
  // new root trace twice a second.
  if (tracer == nullptr || !trace::current_span_context().is_valid()) return;
  span_.emplace(*tracer, operation, trace::SpanKind::kClient);
  if (!(*span_)->is_recording()) return;  // sampled out: skip the attribute work
  (*span_)->set_attribute(trace::semconv::kDbSystem, system);
  (*span_)->set_attribute(trace::semconv::kDbOperationName, operation);
}

void DbSpan::fail(std::string_view description) noexcept {
  if (!span_) return;
  try {
    (*span_)->set_status(trace::StatusCode::kError, description);
  } catch (...) {  // telemetry must never turn a database error into a different one
  }
}

}  // namespace authlens::store
