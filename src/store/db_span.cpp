#include "store/db_span.hpp"

#include "telemetry/trace/api/semconv.hpp"

namespace authlens::store {

DbSpan::DbSpan(trace::Tracer* tracer, std::string_view system, std::string_view operation) {
  // Only inside a trace: a background poll (the outbox worker idling) would otherwise start a
  // new root trace twice a second.
  if (tracer == nullptr || !trace::current_span_context().is_valid()) return;
  trace::SpanStartOptions options;
  options.kind = trace::SpanKind::kClient;
  const trace::AttributeArg attributes[] = {{trace::semconv::kDbSystem, system},
                                            {trace::semconv::kDbOperationName, operation}};
  options.attributes = attributes;
  span_.emplace(*tracer, operation, options);
}

void DbSpan::fail(std::string_view description) noexcept {
  if (!span_) return;
  try {
    (*span_)->set_status(trace::StatusCode::kError, description);
  } catch (...) {  // telemetry must never turn a database error into a different one
  }
}

}  // namespace authlens::store
