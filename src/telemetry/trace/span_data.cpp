#include "telemetry/trace/span_data.hpp"

#include "telemetry/trace/attributes.hpp"

namespace authlens::trace {

SpanData::SpanData() noexcept = default;  // defined here so it is user-provided: see the header

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
