#include <bit>
#include <cstring>

#include "telemetry/trace/otlp_common_fields.hpp"
#include "telemetry/trace/otlp_encoder.hpp"
#include "telemetry/trace/proto_writer.hpp"
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

// Everything below writes back to front (proto_writer.hpp): a message's fields last to first,
// repeated fields in reverse, so the bytes come out in field order, as the old encoder wrote them.

void write_attribute_generally(ProtoWriter& w, std::uint32_t field, const Attribute& a) {
  const std::size_t kv = w.mark();
  const std::size_t value = w.mark();
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
  w.end_message(key_value::kValue, value);
  if (a.key.is_static())  // semconv constants: valid UTF-8 by construction
    w.trusted_string_field(key_value::kKey, a.key.view());
  else
    w.string_field(key_value::kKey, a.key.view());
  w.end_message(field, kv);
}

// The common attribute in one piece: a valid key and value short enough for one-byte lengths
// (nearly all of them), written front to back into one claimed block.
void write_attribute(ProtoWriter& w, std::uint32_t field, const Attribute& a) {
  using PW = ProtoWriter;
  const std::string_view key = a.key.view();
  if (key.size() > 100 || (!a.key.is_static() && !text::is_valid_utf8(key)))
    return write_attribute_generally(w, field, a);
  // The AnyValue's size: its one field's tag plus the value.
  std::size_t any_size;
  const std::string* text = std::get_if<std::string>(&a.value);
  std::uint64_t integer = 0;
  if (text != nullptr) {
    if (text->size() > 125 || !text::is_valid_utf8(*text))
      return write_attribute_generally(w, field, a);
    any_size = 2 + text->size();
  } else if (const auto* i = std::get_if<std::int64_t>(&a.value)) {
    integer = static_cast<std::uint64_t>(*i);
    any_size = 1 + PW::varint_size(integer);
  } else if (const auto* b = std::get_if<bool>(&a.value)) {
    integer = *b ? 1 : 0;
    any_size = 2;
  } else {
    any_size = 9;  // double
  }
  const std::size_t kv_size = 2 + key.size() + 2 + any_size;  // key field, value field
  char* p = w.claim(1 + PW::varint_size(kv_size) + kv_size);
  *p++ = PW::key_byte(field, PW::kLengthDelimited);
  p = PW::put_varint(p, kv_size);
  p[0] = PW::key_byte(key_value::kKey, PW::kLengthDelimited);
  p[1] = static_cast<char>(key.size());
  text::small_copy(p + 2, key.data(), key.size());
  p += 2 + key.size();
  p[0] = PW::key_byte(key_value::kValue, PW::kLengthDelimited);
  p[1] = static_cast<char>(any_size);
  p += 2;
  switch (a.value.index()) {
    case value_index::kBool:
      p[0] = PW::key_byte(any_value::kBool, PW::kVarint);
      p[1] = static_cast<char>(integer);
      break;
    case value_index::kInt:
      p[0] = PW::key_byte(any_value::kInt, PW::kVarint);
      PW::put_varint(p + 1, integer);
      break;
    case value_index::kDouble: {
      p[0] = PW::key_byte(any_value::kDouble, PW::kFixed64);
      const double d = std::get<double>(a.value);
      std::uint64_t bits;
      std::memcpy(&bits, &d, 8);
      for (int k = 0; k < 8; ++k) p[1 + k] = static_cast<char>(bits >> (8 * k));
      break;
    }
    default:
      p[0] = PW::key_byte(any_value::kString, PW::kLengthDelimited);
      p[1] = static_cast<char>(text->size());
      text::small_copy(p + 2, text->data(), text->size());
  }
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
  const std::size_t sc = w.mark();
  if (!scope.version.empty()) w.string_field(scope_msg::kVersion, scope.version);
  w.string_field(scope_msg::kName, scope.name);
  w.end_message(scope_spans::kScope, sc);
  w.end_message(resource_spans::kScopeSpans, ss);
  const std::size_t res = w.mark();
  write_attributes(w, resource_msg::kAttributes, resource.attributes);
  w.end_message(resource_spans::kResource, res);
  w.end_message(request::kResourceSpans, rs);
}

std::string encode_otlp_protobuf(const Resource& resource, const InstrumentationScope& scope,
                                 std::span<const SpanDataPtr> spans) {
  ProtoWriter w(512 + spans.size() * 320);
  encode_otlp_protobuf(w, resource, scope, spans);
  return w.take();
}

}  // namespace authlens::trace
