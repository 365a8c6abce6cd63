#pragma once
// What a finished span hands to processors and exporters: immutable once the span has ended.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "telemetry/trace/attributes.hpp"
#include "telemetry/trace/span_attributes.hpp"
#include "telemetry/trace/span_context.hpp"

namespace authlens::trace {

// Values are OTLP's, so encoders write them as they are.
enum class SpanKind { kInternal = 1, kServer = 2, kClient = 3, kProducer = 4, kConsumer = 5 };
enum class StatusCode { kUnset = 0, kOk = 1, kError = 2 };

struct SpanEvent {
  std::uint64_t time_unix_nano = 0;
  std::string name;
  Attributes attributes;
};

struct SpanLink {
  SpanContext context;
};

struct SpanData {
  // User-provided, so allocate_shared's value-initialisation does not zero the whole object
  // (the attributes' inline buffer is most of it) before constructing it.
  SpanData() noexcept;

  SpanContext context;
  SpanId parent_span_id{};  // all zero for a root span
  bool parent_is_remote = false;
  std::string name;
  SpanKind kind = SpanKind::kInternal;
  std::uint64_t start_time_unix_nano = 0;
  std::uint64_t end_time_unix_nano = 0;
  SpanAttributes attributes;  // kept encoded as OTLP protobuf (span_attributes.hpp)
  std::vector<SpanEvent> events;
  std::vector<SpanLink> links;
  StatusCode status = StatusCode::kUnset;
  std::string status_description;  // kept only with kError, as the spec says
  std::uint32_t dropped_attributes = 0;
  std::uint32_t dropped_events = 0;
  std::uint32_t dropped_links = 0;

  bool has_parent() const noexcept {
    std::uint64_t id;
    std::memcpy(&id, parent_span_id.data(), sizeof id);
    return id != 0;
  }
};

// Limits from the SDK spec's defaults (OTEL_SPAN_*_COUNT_LIMIT = 128).
inline constexpr std::size_t kMaxAttributesPerSpan = 128;
inline constexpr std::size_t kMaxEventsPerSpan = 128;
inline constexpr std::size_t kMaxLinksPerSpan = 128;

const char* to_string(SpanKind kind) noexcept;
const char* to_string(StatusCode code) noexcept;

}  // namespace authlens::trace
