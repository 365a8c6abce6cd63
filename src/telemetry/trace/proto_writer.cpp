#include "telemetry/trace/proto_writer.hpp"

#include <cstring>

#include "text/utf8.hpp"

namespace authlens::trace {
namespace {
constexpr std::uint32_t kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5;

std::size_t varint_size(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}
}  // namespace

void ProtoWriter::varint(std::uint64_t value) {
  while (value >= 0x80) {
    out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out_.push_back(static_cast<char>(value));
}

void ProtoWriter::tag(std::uint32_t field, std::uint32_t wire_type) {
  varint(static_cast<std::uint64_t>(field) << 3 | wire_type);
}

void ProtoWriter::varint_field(std::uint32_t field, std::uint64_t value) {
  tag(field, kVarint);
  varint(value);
}

void ProtoWriter::fixed64_field(std::uint32_t field, std::uint64_t value) {
  tag(field, kFixed64);
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>(value >> (8 * i)));  // little endian
}

void ProtoWriter::fixed32_field(std::uint32_t field, std::uint32_t value) {
  tag(field, kFixed32);
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>(value >> (8 * i)));
}

void ProtoWriter::double_field(std::uint32_t field, double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  fixed64_field(field, bits);
}

void ProtoWriter::bytes_field(std::uint32_t field, const std::uint8_t* data, std::size_t size) {
  tag(field, kLengthDelimited);
  varint(size);
  out_.append(reinterpret_cast<const char*>(data), size);
}

void ProtoWriter::string_field(std::uint32_t field, std::string_view text) {
  const std::size_t mark = begin_message(field);
  text::append_utf8_sanitized(out_, text);
  end_message(mark);
}

std::size_t ProtoWriter::begin_message(std::uint32_t field) {
  tag(field, kLengthDelimited);
  out_.push_back('\0');  // one byte reserved for the length; most messages are short
  return out_.size() - 1;
}

void ProtoWriter::end_message(std::size_t mark) {
  const std::size_t length = out_.size() - mark - 1;
  const std::size_t n = varint_size(length);
  if (n > 1) out_.insert(mark + 1, n - 1, '\0');
  std::uint64_t v = length;
  for (std::size_t i = 0; i < n; ++i) {
    out_[mark + i] = static_cast<char>((v & 0x7f) | (i + 1 < n ? 0x80 : 0));
    v >>= 7;
  }
}

}  // namespace authlens::trace
