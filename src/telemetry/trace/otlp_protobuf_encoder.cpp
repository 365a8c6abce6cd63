#include "telemetry/trace/otlp_encoder.hpp"
#include "telemetry/trace/proto_writer.hpp"

namespace authlens::trace {
namespace {

// Field numbers from opentelemetry-proto (trace/v1/trace.proto, common/v1/common.proto).
namespace request {
constexpr std::uint32_t kResourceSpans = 1;
}
namespace resource_spans {
constexpr std::uint32_t kResource = 1, kScopeSpans = 2;
}
namespace resource_msg {
constexpr std::uint32_t kAttributes = 1;
}
namespace scope_spans {
constexpr std::uint32_t kScope = 1, kSpans = 2;
}
namespace scope_msg {
constexpr std::uint32_t kName = 1, kVersion = 2;
}
namespace span_msg {
constexpr std::uint32_t kTraceId = 1, kSpanId = 2, kTraceState = 3, kParentSpanId = 4, kName = 5,
                        kKind = 6, kStartTime = 7, kEndTime = 8, kAttributes = 9,
                        kDroppedAttributes = 10, kEvents = 11, kDroppedEvents = 12, kLinks = 13,
                        kDroppedLinks = 14, kStatus = 15, kFlags = 16;
}
namespace event_msg {
constexpr std::uint32_t kTime = 1, kName = 2, kAttributes = 3;
}
namespace link_msg {
constexpr std::uint32_t kTraceId = 1, kSpanId = 2, kTraceState = 3, kFlags = 6;
}
namespace status_msg {
constexpr std::uint32_t kMessage = 2, kCode = 3;
}
namespace key_value {
constexpr std::uint32_t kKey = 1, kValue = 2;
}
namespace any_value {
constexpr std::uint32_t kString = 1, kBool = 2, kInt = 3, kDouble = 4;
}

void write_attribute(ProtoWriter& w, std::uint32_t field, const Attribute& a) {
  const std::size_t kv = w.begin_message(field);
  w.string_field(key_value::kKey, a.key);
  const std::size_t value = w.begin_message(key_value::kValue);
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>)
          w.varint_field(any_value::kBool, v ? 1 : 0);
        else if constexpr (std::is_same_v<T, std::int64_t>)
          w.varint_field(any_value::kInt, static_cast<std::uint64_t>(v));
        else if constexpr (std::is_same_v<T, double>)
          w.double_field(any_value::kDouble, v);
        else
          w.string_field(any_value::kString, v);
      },
      a.value);
  w.end_message(value);
  w.end_message(kv);
}

void write_attributes(ProtoWriter& w, std::uint32_t field, const Attributes& attributes) {
  for (const auto& a : attributes) write_attribute(w, field, a);
}

void write_span(ProtoWriter& w, const SpanData& s) {
  const std::size_t mark = w.begin_message(scope_spans::kSpans);
  w.bytes_field(span_msg::kTraceId, s.context.trace_id.data(), s.context.trace_id.size());
  w.bytes_field(span_msg::kSpanId, s.context.span_id.data(), s.context.span_id.size());
  if (!s.context.trace_state.empty()) w.string_field(span_msg::kTraceState, s.context.trace_state);
  if (s.has_parent())
    w.bytes_field(span_msg::kParentSpanId, s.parent_span_id.data(), s.parent_span_id.size());
  w.string_field(span_msg::kName, s.name);
  w.varint_field(span_msg::kKind, static_cast<std::uint64_t>(s.kind));
  w.fixed64_field(span_msg::kStartTime, s.start_time_unix_nano);
  w.fixed64_field(span_msg::kEndTime, s.end_time_unix_nano);
  write_attributes(w, span_msg::kAttributes, s.attributes);
  if (s.dropped_attributes) w.varint_field(span_msg::kDroppedAttributes, s.dropped_attributes);
  for (const auto& e : s.events) {
    const std::size_t event = w.begin_message(span_msg::kEvents);
    w.fixed64_field(event_msg::kTime, e.time_unix_nano);
    w.string_field(event_msg::kName, e.name);
    write_attributes(w, event_msg::kAttributes, e.attributes);
    w.end_message(event);
  }
  if (s.dropped_events) w.varint_field(span_msg::kDroppedEvents, s.dropped_events);
  for (const auto& l : s.links) {
    const std::size_t link = w.begin_message(span_msg::kLinks);
    w.bytes_field(link_msg::kTraceId, l.context.trace_id.data(), l.context.trace_id.size());
    w.bytes_field(link_msg::kSpanId, l.context.span_id.data(), l.context.span_id.size());
    if (!l.context.trace_state.empty())
      w.string_field(link_msg::kTraceState, l.context.trace_state);
    w.fixed32_field(link_msg::kFlags, otlp_link_flags(l.context));
    w.end_message(link);
  }
  if (s.dropped_links) w.varint_field(span_msg::kDroppedLinks, s.dropped_links);
  if (s.status != StatusCode::kUnset) {
    const std::size_t status = w.begin_message(span_msg::kStatus);
    if (!s.status_description.empty()) w.string_field(status_msg::kMessage, s.status_description);
    w.varint_field(status_msg::kCode, static_cast<std::uint64_t>(s.status));
    w.end_message(status);
  }
  w.fixed32_field(span_msg::kFlags, otlp_span_flags(s));
  w.end_message(mark);
}

}  // namespace

std::uint32_t otlp_span_flags(const SpanData& span) noexcept {
  std::uint32_t flags = span.context.trace_flags | kSpanFlagsHasIsRemote;
  if (span.has_parent() && span.parent_is_remote) flags |= kSpanFlagsIsRemote;
  return flags;
}

std::uint32_t otlp_link_flags(const SpanContext& context) noexcept {
  return context.trace_flags | kSpanFlagsHasIsRemote | (context.is_remote ? kSpanFlagsIsRemote : 0);
}

std::string encode_otlp_protobuf(const Resource& resource, const InstrumentationScope& scope,
                                 std::span<const SpanDataPtr> spans) {
  std::string out;
  out.reserve(256 + spans.size() * 256);
  ProtoWriter w(out);
  const std::size_t rs = w.begin_message(request::kResourceSpans);
  const std::size_t res = w.begin_message(resource_spans::kResource);
  write_attributes(w, resource_msg::kAttributes, resource.attributes);
  w.end_message(res);
  const std::size_t ss = w.begin_message(resource_spans::kScopeSpans);
  const std::size_t sc = w.begin_message(scope_spans::kScope);
  w.string_field(scope_msg::kName, scope.name);
  if (!scope.version.empty()) w.string_field(scope_msg::kVersion, scope.version);
  w.end_message(sc);
  for (const auto& span : spans) write_span(w, *span);
  w.end_message(ss);
  w.end_message(rs);
  return out;
}

}  // namespace authlens::trace
