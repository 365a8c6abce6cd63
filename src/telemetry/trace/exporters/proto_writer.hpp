#pragma once
// The protobuf wire format (https://protobuf.dev/programming-guides/encoding/), just what OTLP
// needs, written back to front (as upb does): a nested message's fields are written first, so
// its length is known when its tag and length go in front of them, and nothing is ever moved.
// Callers therefore write a message's fields last to first, and repeated fields in reverse,
// to get them out in order.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "telemetry/trace/sdk/attribute_field.hpp"
#include "text/small_copy.hpp"

namespace authlens::trace {

class ProtoWriter {
 public:
  explicit ProtoWriter(std::size_t capacity = 4096);

  void varint_field(std::uint32_t field, std::uint64_t value) {  // also int64 (two's complement)
    varint(value);
    tag(field, kVarint);
  }
  void fixed64_field(std::uint32_t field, std::uint64_t value) {
    std::uint8_t le[8];
    for (int i = 0; i < 8; ++i) le[i] = static_cast<std::uint8_t>(value >> (8 * i));
    raw(le, 8);
    tag(field, kFixed64);
  }
  void fixed32_field(std::uint32_t field, std::uint32_t value) {
    std::uint8_t le[4];
    for (int i = 0; i < 4; ++i) le[i] = static_cast<std::uint8_t>(value >> (8 * i));
    raw(le, 4);
    tag(field, kFixed32);
  }
  void double_field(std::uint32_t field, double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    fixed64_field(field, bits);
  }
  void bytes_field(std::uint32_t field, const void* data, std::size_t size) {
    raw(data, size);
    varint(size);
    tag(field, kLengthDelimited);
  }
  // Made valid UTF-8 (invalid bytes become U+FFFD): parsers reject a whole request otherwise.
  void string_field(std::uint32_t field, std::string_view text);
  // Fields encoded already (a span's attributes): copied as they are.
  void encoded_fields(std::string_view bytes) {
    if (!bytes.empty()) std::memcpy(claim(bytes.size()), bytes.data(), bytes.size());
  }
  // For text known to be valid UTF-8 (constants, semconv keys): copied without a check.
  void trusted_string_field(std::uint32_t field, std::string_view text) {
    bytes_field(field, text.data(), text.size());
  }

  // Nested messages: take a mark, write the message's fields, then end_message() puts the
  // field's tag and the length in front.
  std::size_t mark() const noexcept { return size(); }
  void end_message(std::uint32_t field, std::size_t mark) {
    varint(size() - mark);
    tag(field, kLengthDelimited);
  }

  std::size_t size() const noexcept { return capacity_ - pos_; }
  std::string_view bytes() const noexcept { return {buffer_.get() + pos_, size()}; }
  // The encoded bytes, in order; the writer is empty afterwards.
  std::string take();
  // Empties the writer, keeping its buffer for the next message.
  void clear() noexcept { pos_ = capacity_; }

  // For hot paths that write a whole field at once: `n` bytes in front of what is written,
  // to be filled front to back through the returned pointer (helpers below).
  char* claim(std::size_t n) {
    if (pos_ < n) grow(n);
    pos_ -= n;
    return buffer_.get() + pos_;
  }
  static constexpr std::size_t varint_size(std::uint64_t value) noexcept {
    return wire::varint_size(value);
  }
  static char* put_varint(char* p, std::uint64_t value) noexcept {
    return wire::put_varint(p, value);
  }
  static constexpr char key_byte(std::uint32_t field, std::uint32_t wire_type) noexcept {
    return wire::key_byte(field, wire_type);
  }

  static constexpr std::uint32_t kVarint = wire::kVarint, kFixed64 = wire::kFixed64,
                                 kLengthDelimited = wire::kLengthDelimited,
                                 kFixed32 = wire::kFixed32;

 private:
  void raw(const void* data, std::size_t n) {
    text::small_copy(claim(n), static_cast<const char*>(data), n);
  }
  void varint(std::uint64_t value) {
    if (value < 0x80) {
      *claim(1) = static_cast<char>(value);
      return;
    }
    std::uint8_t bytes[10];
    std::size_t n = 0;
    while (value >= 0x80) {
      bytes[n++] = static_cast<std::uint8_t>(value | 0x80);
      value >>= 7;
    }
    bytes[n++] = static_cast<std::uint8_t>(value);
    std::memcpy(claim(n), bytes, n);
  }
  void tag(std::uint32_t field, std::uint32_t wire_type) {
    varint(static_cast<std::uint64_t>(field) << 3 | wire_type);
  }
  void grow(std::size_t n);

  std::unique_ptr<char[]> buffer_;  // not initialised: every byte handed out is written
  std::size_t capacity_;
  std::size_t pos_;  // bytes written so far: [pos_, capacity_)
};

}  // namespace authlens::trace
