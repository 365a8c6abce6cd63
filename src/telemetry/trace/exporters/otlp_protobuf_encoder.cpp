#include <bit>
#include <cstring>

#include "telemetry/trace/exporters/otlp_encoder.hpp"
#include "telemetry/trace/exporters/proto_writer.hpp"
#include "telemetry/trace/sdk/attribute_field.hpp"
#include "text/small_copy.hpp"
#include "text/utf8.hpp"

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

// Messages are written back to front (proto_writer.hpp): a message's fields last to first,
// repeated fields in reverse, so the bytes come out in field order. A field written in one
// piece (an attribute, a span's head) is claimed whole and filled front to back.

// One attribute of a resource or an event, by the one attribute writer (span attributes are
// written by it as they are set, and copied here as they are).
void write_attribute(ProtoWriter& w, std::uint32_t field, const Attribute& a) {
  AttributeArg arg = as_arg(a);
  std::string valid_key, valid_text;  // only for text that is not valid UTF-8
  if (!a.key.is_static() && !text::is_valid_utf8(a.key.view())) {
    text::append_utf8_sanitized(valid_key, a.key.view());
    arg.key = KeyArg(valid_key);
  }
  if (const auto* s = std::get_if<std::string_view>(&arg.value); s && !text::is_valid_utf8(*s)) {
    text::append_utf8_sanitized(valid_text, *s);
    arg.value = std::string_view(valid_text);
  }
  const wire::AttributeFieldSize size = wire::attribute_field_size(arg.key.text(), arg.value);
  wire::put_attribute_field(w.claim(size.field), field, arg.key.text(), arg.value, size);
}

void write_attributes(ProtoWriter& w, std::uint32_t field, const Attributes& attributes) {
  for (auto a = attributes.rbegin(); a != attributes.rend(); ++a) write_attribute(w, field, *a);
}

// Fields 1-8 (ids, trace state, name, kind, times). Without a trace state and with a short
// valid name (the usual span) in one claimed block; otherwise field by field.
void write_span_head(ProtoWriter& w, const SpanData& s) {
  using PW = ProtoWriter;
  const bool parent = s.has_parent();
  if (!s.context.trace_state.empty() || s.name.size() > 127 || !text::is_valid_utf8(s.name)) {
    w.fixed64_field(span_msg::kEndTime, s.end_time_unix_nano);
    w.fixed64_field(span_msg::kStartTime, s.start_time_unix_nano);
    w.varint_field(span_msg::kKind, static_cast<std::uint64_t>(s.kind));
    w.string_field(span_msg::kName, s.name);
    if (parent)
      w.bytes_field(span_msg::kParentSpanId, s.parent_span_id.data(), s.parent_span_id.size());
    if (!s.context.trace_state.empty())
      w.string_field(span_msg::kTraceState, s.context.trace_state);
    w.bytes_field(span_msg::kSpanId, s.context.span_id.data(), s.context.span_id.size());
    w.bytes_field(span_msg::kTraceId, s.context.trace_id.data(), s.context.trace_id.size());
    return;
  }
  const std::size_t size = 18 + 10 + (parent ? 10 : 0) + 2 + s.name.size() + 2 + 9 + 9;
  char* p = w.claim(size);
  *p++ = PW::key_byte(span_msg::kTraceId, PW::kLengthDelimited);
  *p++ = 16;
  std::memcpy(p, s.context.trace_id.data(), 16);
  p += 16;
  *p++ = PW::key_byte(span_msg::kSpanId, PW::kLengthDelimited);
  *p++ = 8;
  std::memcpy(p, s.context.span_id.data(), 8);
  p += 8;
  if (parent) {
    *p++ = PW::key_byte(span_msg::kParentSpanId, PW::kLengthDelimited);
    *p++ = 8;
    std::memcpy(p, s.parent_span_id.data(), 8);
    p += 8;
  }
  *p++ = PW::key_byte(span_msg::kName, PW::kLengthDelimited);
  *p++ = static_cast<char>(s.name.size());
  text::small_copy(p, s.name.data(), s.name.size());
  p += s.name.size();
  *p++ = PW::key_byte(span_msg::kKind, PW::kVarint);
  *p++ = static_cast<char>(s.kind);
  *p++ = PW::key_byte(span_msg::kStartTime, PW::kFixed64);
  static_assert(std::endian::native == std::endian::little);  // fixed64 is little-endian
  std::memcpy(p, &s.start_time_unix_nano, 8);
  p += 8;
  *p++ = PW::key_byte(span_msg::kEndTime, PW::kFixed64);
  std::memcpy(p, &s.end_time_unix_nano, 8);
}

void write_span(ProtoWriter& w, const SpanData& s) {
  const std::size_t span = w.mark();
  w.fixed32_field(span_msg::kFlags, otlp_span_flags(s));
  if (s.status != StatusCode::kUnset) {
    const std::size_t status = w.mark();
    w.varint_field(status_msg::kCode, static_cast<std::uint64_t>(s.status));
    if (!s.status_description.empty()) w.string_field(status_msg::kMessage, s.status_description);
    w.end_message(span_msg::kStatus, status);
  }
  if (s.dropped_links) w.varint_field(span_msg::kDroppedLinks, s.dropped_links);
  for (auto l = s.links.rbegin(); l != s.links.rend(); ++l) {
    const std::size_t link = w.mark();
    w.fixed32_field(link_msg::kFlags, otlp_link_flags(l->context));
    if (!l->context.trace_state.empty())
      w.string_field(link_msg::kTraceState, l->context.trace_state);
    w.bytes_field(link_msg::kSpanId, l->context.span_id.data(), l->context.span_id.size());
    w.bytes_field(link_msg::kTraceId, l->context.trace_id.data(), l->context.trace_id.size());
    w.end_message(span_msg::kLinks, link);
  }
  if (s.dropped_events) w.varint_field(span_msg::kDroppedEvents, s.dropped_events);
  for (auto e = s.events.rbegin(); e != s.events.rend(); ++e) {
    const std::size_t event = w.mark();
    write_attributes(w, event_msg::kAttributes, e->attributes);
    w.string_field(event_msg::kName, e->name);
    w.fixed64_field(event_msg::kTime, e->time_unix_nano);
    w.end_message(span_msg::kEvents, event);
  }
  if (s.dropped_attributes) w.varint_field(span_msg::kDroppedAttributes, s.dropped_attributes);
  static_assert(SpanAttributes::kFieldNumber == span_msg::kAttributes);
  w.encoded_fields(s.attributes.encoded());
  write_span_head(w, s);
  w.end_message(scope_spans::kSpans, span);
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

void encode_otlp_protobuf(ProtoWriter& w, const Resource& resource,
                          const InstrumentationScope& scope, std::span<const SpanDataPtr> spans) {
  w.clear();
  const std::size_t rs = w.mark();
  const std::size_t ss = w.mark();
  for (auto span = spans.rbegin(); span != spans.rend(); ++span) write_span(w, **span);
  write_otlp_scope(w, scope_spans::kScope, scope);
  w.end_message(resource_spans::kScopeSpans, ss);
  write_otlp_resource(w, resource_spans::kResource, resource);
  w.end_message(request::kResourceSpans, rs);
}

void write_otlp_scope(ProtoWriter& w, std::uint32_t field, const InstrumentationScope& scope) {
  const std::size_t sc = w.mark();
  if (!scope.version.empty()) w.string_field(scope_msg::kVersion, scope.version);
  w.string_field(scope_msg::kName, scope.name);
  w.end_message(field, sc);
}

void write_otlp_resource(ProtoWriter& w, std::uint32_t field, const Resource& resource) {
  const std::size_t res = w.mark();
  write_attributes(w, resource_msg::kAttributes, resource.attributes);
  w.end_message(field, res);
}

std::string encode_otlp_protobuf(const Resource& resource, const InstrumentationScope& scope,
                                 std::span<const SpanDataPtr> spans) {
  ProtoWriter w(512 + spans.size() * 320);
  encode_otlp_protobuf(w, resource, scope, spans);
  return w.take();
}

}  // namespace authlens::trace
