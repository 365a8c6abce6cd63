#include "telemetry/trace/span_data.hpp"

#include "telemetry/trace/attributes.hpp"

namespace authlens::trace {

bool SpanData::has_parent() const noexcept {
  for (auto b : parent_span_id)
    if (b != 0) return true;
  return false;
}

void upsert_attribute(Attributes& attributes, std::string_view key, AttributeValue value) {
  for (auto& a : attributes) {
    if (a.key == key) {
      a.value = std::move(value);
      return;
    }
  }
  attributes.push_back(Attribute{std::string(key), std::move(value)});
}

const char* to_string(SpanKind kind) noexcept {
  switch (kind) {
    case SpanKind::kInternal:
      return "internal";
    case SpanKind::kServer:
      return "server";
    case SpanKind::kClient:
      return "client";
    case SpanKind::kProducer:
      return "producer";
    case SpanKind::kConsumer:
      return "consumer";
  }
  return "internal";
}

const char* to_string(StatusCode code) noexcept {
  switch (code) {
    case StatusCode::kUnset:
      return "unset";
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kError:
      return "error";
  }
  return "unset";
}

}  // namespace authlens::trace
