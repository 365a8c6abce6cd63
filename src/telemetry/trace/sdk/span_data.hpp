#pragma once
// What a finished span hands to processors and exporters: immutable once the span has ended.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <memory>

#include "telemetry/trace/api/attributes.hpp"
#include "telemetry/trace/api/span.hpp"
#include "telemetry/trace/api/span_context.hpp"
#include "telemetry/trace/sdk/span_attributes.hpp"

namespace authlens::trace {

struct SpanEvent {
  std::uint64_t time_unix_nano = 0;
  std::string name;
  Attributes attributes;
};

struct SpanLink {
  SpanContext context;
};

struct SpanData {
  // User-provided, so value-initialisation does not zero the whole object (the attributes'
  // inline buffer is most of it) before constructing it.
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

// Finished spans are shared, read-only, between every processor that sees them. For a span the
// SDK recorded, a view into the span's own block (recording_span.hpp).
using SpanDataPtr = std::shared_ptr<const SpanData>;

}  // namespace authlens::trace
