#include <charconv>
#include <cmath>

#include "telemetry/trace/exporters/otlp_encoder.hpp"
#include "text/json_escape.hpp"

namespace authlens::trace {
namespace {

void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// 64-bit integers are JSON strings in OTLP (JavaScript numbers lose precision above 2^53).
void append_quoted_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.push_back('"');
  out.append(buf, end);
  out.push_back('"');
}

void append_double(std::string& out, double v) {
  // proto3 JSON spells the non-finite values as strings.
  if (std::isnan(v)) return out.append("\"NaN\""), void();
  if (std::isinf(v)) return out.append(v > 0 ? "\"Infinity\"" : "\"-Infinity\""), void();
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  out.append(buf, end);
}

template <std::size_t N>
void append_hex_id(std::string& out, const std::array<std::uint8_t, N>& id) {
  char buf[2 * N];
  write_hex(id.data(), N, buf);
  out.push_back('"');
  out.append(buf, 2 * N);
  out.push_back('"');
}

template <typename AttributeRange>  // Attributes or SpanAttributes
void append_attributes(std::string& out, const AttributeRange& attributes) {
  out.append("[");
  bool first = true;
  for (const auto& a : attributes) {
    if (!first) out.push_back(',');
    first = false;
    out.append("{\"key\":");
    text::append_json_string(out, a.key);
    out.append(",\"value\":{");
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, bool>) {
            out.append("\"boolValue\":").append(v ? "true" : "false");
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            out.append("\"intValue\":");
            append_quoted_int(out, v);
          } else if constexpr (std::is_same_v<T, double>) {
            out.append("\"doubleValue\":");
            append_double(out, v);
          } else {
            out.append("\"stringValue\":");
            text::append_json_string(out, v);
          }
        },
        a.value);
    out.append("}}");
  }
  out.append("]");
}

void append_span(std::string& out, const SpanData& s) {
  out.append("{\"traceId\":");
  append_hex_id(out, s.context.trace_id);
  out.append(",\"spanId\":");
  append_hex_id(out, s.context.span_id);
  if (!s.context.trace_state.empty()) {
    out.append(",\"traceState\":");
    text::append_json_string(out, s.context.trace_state);
  }
  if (s.has_parent()) {
    out.append(",\"parentSpanId\":");
    append_hex_id(out, s.parent_span_id);
  }
  out.append(",\"flags\":");
  append_uint(out, otlp_span_flags(s));
  out.append(",\"name\":");
  text::append_json_string(out, s.name);
  out.append(",\"kind\":");
  append_uint(out, static_cast<std::uint64_t>(s.kind));
  out.append(",\"startTimeUnixNano\":\"");
  append_uint(out, s.start_time_unix_nano);
  out.append("\",\"endTimeUnixNano\":\"");
  append_uint(out, s.end_time_unix_nano);
  out.append("\",\"attributes\":");
  append_attributes(out, s.attributes);
  if (s.dropped_attributes) {
    out.append(",\"droppedAttributesCount\":");
    append_uint(out, s.dropped_attributes);
  }
  out.append(",\"events\":[");
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    const auto& e = s.events[i];
    if (i) out.push_back(',');
    out.append("{\"timeUnixNano\":\"");
    append_uint(out, e.time_unix_nano);
    out.append("\",\"name\":");
    text::append_json_string(out, e.name);
    out.append(",\"attributes\":");
    append_attributes(out, e.attributes);
    out.append("}");
  }
  out.append("]");
  if (s.dropped_events) {
    out.append(",\"droppedEventsCount\":");
    append_uint(out, s.dropped_events);
  }
  out.append(",\"links\":[");
  for (std::size_t i = 0; i < s.links.size(); ++i) {
    const auto& l = s.links[i].context;
    if (i) out.push_back(',');
    out.append("{\"traceId\":");
    append_hex_id(out, l.trace_id);
    out.append(",\"spanId\":");
    append_hex_id(out, l.span_id);
    if (!l.trace_state.empty()) {
      out.append(",\"traceState\":");
      text::append_json_string(out, l.trace_state);
    }
    out.append(",\"flags\":");
    append_uint(out, otlp_link_flags(l));
    out.append("}");
  }
  out.append("]");
  if (s.dropped_links) {
    out.append(",\"droppedLinksCount\":");
    append_uint(out, s.dropped_links);
  }
  out.append(",\"status\":{");
  if (!s.status_description.empty()) {
    out.append("\"message\":");
    text::append_json_string(out, s.status_description);
    out.append(",");
  }
  out.append("\"code\":");
  append_uint(out, static_cast<std::uint64_t>(s.status));
  out.append("}}");
}

}  // namespace

std::string encode_otlp_json(const Resource& resource, const InstrumentationScope& scope,
                             std::span<const SpanDataPtr> spans) {
  std::string out;
  out.reserve(512 + spans.size() * 512);
  out.append("{\"resourceSpans\":[{\"resource\":{\"attributes\":");
  append_attributes(out, resource.attributes);
  out.append("},\"scopeSpans\":[{\"scope\":{\"name\":");
  text::append_json_string(out, scope.name);
  if (!scope.version.empty()) {
    out.append(",\"version\":");
    text::append_json_string(out, scope.version);
  }
  out.append("},\"spans\":[");
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (i) out.push_back(',');
    append_span(out, *spans[i]);
  }
  out.append("]}]}]}");
  return out;
}

}  // namespace authlens::trace
