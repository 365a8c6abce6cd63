#include "store/db_span.hpp"

#include <array>
#include <string>

#include "telemetry/trace/runtime_context.hpp"
#include "telemetry/trace/semconv.hpp"

namespace authlens::store {
namespace {

// db.system and db.operation.name of a statement, encoded once per thread and statement: a
// store runs a few dozen named statements, the same ones again and again. Kept for the last
// kSlots statements of a thread (replaced in turn), compared by text.
const trace::SpanAttributes& statement_attributes(std::string_view system,
                                                  std::string_view operation) {
  constexpr std::size_t kSlots = 8;
  struct Slot {
    std::string system, operation;
    trace::SpanAttributes attributes;
  };
  thread_local std::array<Slot, kSlots> slots;
  thread_local std::size_t filled = 0, next = 0;
  for (std::size_t i = 0; i < filled; ++i)
    if (slots[i].operation == operation && slots[i].system == system) return slots[i].attributes;
  Slot& slot = slots[next];
  next = (next + 1) % kSlots;
  if (filled < kSlots) ++filled;
  slot.system.assign(system);
  slot.operation.assign(operation);
  slot.attributes = trace::SpanAttributes();
  const trace::AttributeArg attributes[] = {
      {trace::semconv::kDbSystem, std::string_view(slot.system)},
      {trace::semconv::kDbOperationName, std::string_view(slot.operation)}};
  slot.attributes.set_all(attributes, trace::kMaxAttributesPerSpan);
  return slot.attributes;
}

}  // namespace

DbSpan::DbSpan(trace::Tracer* tracer, std::string_view system, std::string_view operation) {
  // Only inside a trace: a background poll (the outbox worker idling) would otherwise start a
  // new root trace twice a second.
  if (tracer == nullptr || !trace::current_span_context().is_valid()) return;
  trace::SpanStartOptions options;
  options.kind = trace::SpanKind::kClient;
  options.constant_attributes = &statement_attributes(system, operation);
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
