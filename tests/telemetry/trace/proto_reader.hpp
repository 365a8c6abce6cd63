#pragma once
// A test-only protobuf wire reader: splits a message into (field, wire type, value) entries so
// tests can check our encoder field by field without generated classes.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace authlens::trace::testing {

struct ProtoField {
  std::uint32_t number = 0;
  std::uint32_t wire_type = 0;
  std::uint64_t integer = 0;  // varint, fixed64, fixed32
  std::string_view bytes;     // length-delimited
};

inline std::uint64_t read_varint(std::string_view& in) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in.empty()) throw std::runtime_error("truncated varint");
    const auto b = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  throw std::runtime_error("varint too long");
}

inline std::vector<ProtoField> parse_message(std::string_view in) {
  std::vector<ProtoField> fields;
  while (!in.empty()) {
    const std::uint64_t key = read_varint(in);
    ProtoField f;
    f.number = static_cast<std::uint32_t>(key >> 3);
    f.wire_type = static_cast<std::uint32_t>(key & 7);
    auto fixed = [&](std::size_t n) {
      if (in.size() < n) throw std::runtime_error("truncated fixed");
      for (std::size_t i = 0; i < n; ++i)
        f.integer |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[i])) << (8 * i);
      in.remove_prefix(n);
    };
    switch (f.wire_type) {
      case 0:
        f.integer = read_varint(in);
        break;
      case 1:
        fixed(8);
        break;
      case 5:
        fixed(4);
        break;
      case 2: {
        const std::uint64_t n = read_varint(in);
        if (in.size() < n) throw std::runtime_error("truncated bytes");
        f.bytes = in.substr(0, n);
        in.remove_prefix(n);
        break;
      }
      default:
        throw std::runtime_error("unexpected wire type");
    }
    fields.push_back(f);
  }
  return fields;
}

inline std::vector<ProtoField> fields_numbered(const std::vector<ProtoField>& all,
                                               std::uint32_t number) {
  std::vector<ProtoField> out;
  for (const auto& f : all)
    if (f.number == number) out.push_back(f);
  return out;
}

inline ProtoField only(const std::vector<ProtoField>& all, std::uint32_t number) {
  auto found = fields_numbered(all, number);
  if (found.size() != 1)
    throw std::runtime_error("expected exactly one field " + std::to_string(number));
  return found[0];
}

}  // namespace authlens::trace::testing
