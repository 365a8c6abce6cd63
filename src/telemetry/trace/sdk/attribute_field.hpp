#pragma once
// The one writer of an attribute's bytes: an OTLP KeyValue (opentelemetry/proto/common/v1/
// common.proto) as a length-delimited field of the message that holds it (Span.attributes,
// Resource.attributes, Event.attributes), written front to back into room the caller has made.
// Span storage (span_attributes.hpp) writes each attribute with it as it is set, and the OTLP
// encoder writes resource and event attributes with it; so both produce the same bytes by
// construction. Also the protobuf wire format's few primitives both need
// (https://protobuf.dev/programming-guides/encoding/).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "telemetry/trace/api/attributes.hpp"
#include "text/small_copy.hpp"

namespace authlens::trace::wire {

inline constexpr std::uint32_t kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5;

constexpr std::size_t varint_size(std::uint64_t value) noexcept {
  std::size_t n = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++n;
  }
  return n;
}
inline char* put_varint(char* p, std::uint64_t value) noexcept {
  while (value >= 0x80) {
    *p++ = static_cast<char>(value | 0x80);
    value >>= 7;
  }
  *p++ = static_cast<char>(value);
  return p;
}
// A field's tag in one byte: field numbers below 16.
constexpr char key_byte(std::uint32_t field, std::uint32_t wire_type) noexcept {
  return static_cast<char>(field << 3 | wire_type);
}

// KeyValue's and AnyValue's field numbers.
namespace key_value {
inline constexpr std::uint32_t kKey = 1, kValue = 2;
}
namespace any_value {
inline constexpr std::uint32_t kString = 1, kBool = 2, kInt = 3, kDouble = 4;
}

// The sizes of one attribute's field; `key` and a text value must be valid UTF-8 already.
struct AttributeFieldSize {
  std::uint32_t any;    // the AnyValue message
  std::uint32_t kv;     // the KeyValue message
  std::uint32_t field;  // the whole field: tag, length, KeyValue
  // Every length (field, key, value, text) fits one varint byte: the usual attribute, written
  // without a varint loop per length.
  bool short_lengths;
  // Where the key's text starts, from the field's first byte.
  std::uint32_t key_at(std::size_t key_size) const noexcept {
    if (short_lengths) return 4;
    return static_cast<std::uint32_t>(1 + varint_size(kv) + 1 + varint_size(key_size));
  }
};

inline AttributeFieldSize attribute_field_size(std::string_view key,
                                               const AttributeArg::Value& value) noexcept {
  std::size_t any;
  switch (value.index()) {
    case AttributeArg::kText: {
      const std::size_t n = std::get_if<std::string_view>(&value)->size();
      any = 1 + varint_size(n) + n;
      break;
    }
    case AttributeArg::kInt:
      any = 1 + varint_size(static_cast<std::uint64_t>(*std::get_if<std::int64_t>(&value)));
      break;
    case AttributeArg::kDouble:
      any = 9;
      break;
    default:  // bool
      any = 2;
  }
  // One test for the usual case: the KeyValue under 128 bytes makes every length in it shorter.
  const std::size_t short_kv = 2 + key.size() + 2 + any;
  if (short_kv < 0x80) {
    return {static_cast<std::uint32_t>(any), static_cast<std::uint32_t>(short_kv),
            static_cast<std::uint32_t>(2 + short_kv), true};
  }
  const std::size_t kv = 1 + varint_size(key.size()) + key.size() + 1 + varint_size(any) + any;
  return {static_cast<std::uint32_t>(any), static_cast<std::uint32_t>(kv),
          static_cast<std::uint32_t>(1 + varint_size(kv) + kv), false};
}

// Writes the field (exactly size.field bytes) at `p`; returns the end.
inline char* put_attribute_field(char* p, std::uint32_t field, std::string_view key,
                                 const AttributeArg::Value& value,
                                 const AttributeFieldSize& size) noexcept {
  *p++ = key_byte(field, kLengthDelimited);
  if (size.short_lengths) {
    *p++ = static_cast<char>(size.kv);
    *p++ = key_byte(key_value::kKey, kLengthDelimited);
    *p++ = static_cast<char>(key.size());
  } else {
    p = put_varint(p, size.kv);
    *p++ = key_byte(key_value::kKey, kLengthDelimited);
    p = put_varint(p, key.size());
  }
  text::small_copy(p, key.data(), key.size());
  p += key.size();
  *p++ = key_byte(key_value::kValue, kLengthDelimited);
  if (size.short_lengths)
    *p++ = static_cast<char>(size.any);
  else
    p = put_varint(p, size.any);
  switch (value.index()) {
    case AttributeArg::kText: {
      const std::string_view text = *std::get_if<std::string_view>(&value);
      *p++ = key_byte(any_value::kString, kLengthDelimited);
      if (size.short_lengths)
        *p++ = static_cast<char>(text.size());
      else
        p = put_varint(p, text.size());
      text::small_copy(p, text.data(), text.size());
      return p + text.size();
    }
    case AttributeArg::kInt:
      *p++ = key_byte(any_value::kInt, kVarint);
      return put_varint(p, static_cast<std::uint64_t>(*std::get_if<std::int64_t>(&value)));
    case AttributeArg::kDouble: {
      *p++ = key_byte(any_value::kDouble, kFixed64);
      const double d = *std::get_if<double>(&value);
      std::uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      for (int i = 0; i < 8; ++i) p[i] = static_cast<char>(bits >> (8 * i));  // little-endian
      return p + 8;
    }
    default:
      *p++ = key_byte(any_value::kBool, kVarint);
      *p++ = *std::get_if<bool>(&value) ? 1 : 0;
      return p;
  }
}

}  // namespace authlens::trace::wire
