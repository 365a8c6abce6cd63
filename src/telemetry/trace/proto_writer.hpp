#pragma once
// The protobuf wire format (https://protobuf.dev/programming-guides/encoding/), just what OTLP
// needs: varints, fixed64/fixed32, length-delimited bytes, strings and nested messages.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace authlens::trace {

class ProtoWriter {
 public:
  explicit ProtoWriter(std::string& out) : out_(out) {}

  void varint_field(std::uint32_t field, std::uint64_t value);  // also int64 (two's complement)
  void fixed64_field(std::uint32_t field, std::uint64_t value);
  void fixed32_field(std::uint32_t field, std::uint32_t value);
  void double_field(std::uint32_t field, double value);
  void bytes_field(std::uint32_t field, const std::uint8_t* data, std::size_t size);
  void string_field(std::uint32_t field, std::string_view text);  // made valid UTF-8

  // Nested message: begin() returns a mark for end(), which writes the length in front.
  std::size_t begin_message(std::uint32_t field);
  void end_message(std::size_t mark);

 private:
  void tag(std::uint32_t field, std::uint32_t wire_type);
  void varint(std::uint64_t value);
  std::string& out_;
};

}  // namespace authlens::trace
