#include "telemetry/trace/exporters/proto_writer.hpp"

#include <algorithm>

#include "text/utf8.hpp"

namespace authlens::trace {

ProtoWriter::ProtoWriter(std::size_t capacity)
    : buffer_(new char[capacity]), capacity_(capacity), pos_(capacity) {}

void ProtoWriter::string_field(std::uint32_t field, std::string_view text) {
  if (text::is_valid_utf8(text)) {  // the common case: one copy
    bytes_field(field, text.data(), text.size());
    return;
  }
  std::string valid;
  text::append_utf8_sanitized(valid, text);
  bytes_field(field, valid.data(), valid.size());
}

void ProtoWriter::grow(std::size_t n) {
  const std::size_t used = size();
  const std::size_t capacity = std::max(capacity_ * 2, used + n + 1024);
  std::unique_ptr<char[]> bigger(new char[capacity]);
  std::memcpy(bigger.get() + capacity - used, buffer_.get() + pos_, used);
  buffer_ = std::move(bigger);
  capacity_ = capacity;
  pos_ = capacity - used;
}

std::string ProtoWriter::take() {
  std::string out(bytes());
  pos_ = capacity_;
  return out;
}

}  // namespace authlens::trace
