#include "telemetry/trace/sdk/span_attributes.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace authlens::trace {
namespace {

std::uint64_t get_varint(const char*& p, const char* end) {
  std::uint64_t v = 0;
  for (int shift = 0; p < end && shift < 64; shift += 7) {
    const auto byte = static_cast<std::uint8_t>(*p++);
    v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (byte < 0x80) return v;
  }
  throw std::runtime_error("span attributes: truncated varint");
}

// One field as put_attribute_field wrote it: tag, length, key field, value field.
Attribute decode(std::string_view field) {
  using namespace wire;
  const char* p = field.data();
  const char* end = p + field.size();
  ++p;  // the Span.attributes tag
  const std::uint64_t kv_size = get_varint(p, end);
  const char* kv_end = p + kv_size;
  Attribute out;
  while (p < kv_end) {
    const std::uint64_t key = get_varint(p, kv_end);
    const std::uint64_t size = get_varint(p, kv_end);
    if (key == (key_value::kKey << 3 | kLengthDelimited)) {
      out.key = AttributeKey(std::string_view(p, size));
    } else {  // key_value::kValue: the AnyValue's one field
      const char* q = p;
      const std::uint64_t tag = get_varint(q, p + size);
      if (tag == (any_value::kString << 3 | kLengthDelimited)) {
        const std::uint64_t n = get_varint(q, p + size);
        out.value.emplace<std::string>(q, n);
      } else if (tag == (any_value::kBool << 3 | kVarint)) {
        out.value.emplace<bool>(get_varint(q, p + size) != 0);
      } else if (tag == (any_value::kInt << 3 | kVarint)) {
        out.value.emplace<std::int64_t>(static_cast<std::int64_t>(get_varint(q, p + size)));
      } else {
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
          bits |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(q[i])) << (8 * i);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        out.value.emplace<double>(d);
      }
    }
    p += size;
  }
  return out;
}

}  // namespace

void SpanAttributes::Bytes::append(std::string_view bytes) {
  if (!bytes.empty()) std::memcpy(grow_by(bytes.size()), bytes.data(), bytes.size());
}

void SpanAttributes::Bytes::reserve(std::size_t capacity) {
  const std::size_t bigger = std::max<std::size_t>(capacity, 2 * capacity_);
  char* fresh = new char[bigger];
  std::memcpy(fresh, data_, size_);
  if (data_ != inline_) delete[] data_;
  data_ = fresh;
  capacity_ = static_cast<std::uint32_t>(bigger);
}

void SpanAttributes::Bytes::replace(std::size_t at, std::size_t old_size, std::string_view bytes) {
  const std::size_t tail = size_ - at - old_size;
  if (bytes.size() > old_size)
    grow_by(bytes.size() - old_size);
  else
    size_ = static_cast<std::uint32_t>(size_ - (old_size - bytes.size()));
  std::memmove(data_ + at + bytes.size(), data_ + at + old_size, tail);
  std::memcpy(data_ + at, bytes.data(), bytes.size());
}

SpanAttributes::SpanAttributes(std::initializer_list<Attribute> attributes) {
  assign({attributes.begin(), attributes.size()});
}

SpanAttributes::SpanAttributes(const SpanAttributes& other)
    : bytes_(other.bytes_), entries_(other.entries_), key_bits_(other.key_bits_) {}

SpanAttributes& SpanAttributes::operator=(const SpanAttributes& other) {
  if (this != &other) {
    forget_decoded();
    bytes_ = other.bytes_;
    entries_ = other.entries_;
    key_bits_ = other.key_bits_;
  }
  return *this;
}

SpanAttributes& SpanAttributes::operator=(std::initializer_list<Attribute> attributes) {
  assign({attributes.begin(), attributes.size()});
  return *this;
}

SpanAttributes::~SpanAttributes() { forget_decoded(); }

void SpanAttributes::assign(std::span<const Attribute> attributes) {
  forget_decoded();
  bytes_.truncate(0);
  entries_.clear();
  key_bits_ = 0;
  for (const auto& a : attributes) push_back(a);
}

void SpanAttributes::push_back(const Attribute& attribute) { set(as_arg(attribute), SIZE_MAX); }

void SpanAttributes::forget_decoded() noexcept {
  if (decoded_.load(std::memory_order_relaxed) != nullptr)
    delete decoded_.exchange(nullptr, std::memory_order_acq_rel);
}

const std::vector<Attribute>& SpanAttributes::decoded() const {
  if (const auto* view = decoded_.load(std::memory_order_acquire)) return *view;
  auto fresh = std::make_unique<std::vector<Attribute>>();
  fresh->reserve(entries_.size());
  for (const Entry& e : entries_) fresh->push_back(decode({bytes_.data() + e.offset, e.size}));
  const std::vector<Attribute>* expected = nullptr;
  if (decoded_.compare_exchange_strong(expected, fresh.get(), std::memory_order_acq_rel))
    return *fresh.release();
  return *expected;  // another reader decoded it first
}

std::ptrdiff_t SpanAttributes::find(std::string_view key) const noexcept {
  // Keys of one span rarely share a bit: only then is there anything to compare.
  if ((key_bits_ & key_bit(key)) == 0) return -1;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (e.key_size == key.size() &&
        std::memcmp(bytes_.data() + e.offset + e.key_at, key.data(), key.size()) == 0)
      return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

std::optional<std::int64_t> SpanAttributes::int_value(std::string_view key) const noexcept {
  const std::ptrdiff_t i = find(key);
  if (i < 0) return std::nullopt;
  const Entry& e = entries_[static_cast<std::size_t>(i)];
  const auto* p =
      reinterpret_cast<const unsigned char*>(bytes_.data()) + e.offset + e.key_at + e.key_size;
  const auto* end = reinterpret_cast<const unsigned char*>(bytes_.data()) + e.offset + e.size;
  const auto varint = [&](std::uint64_t& out) {
    out = 0;
    for (int shift = 0; p < end && shift < 64; shift += 7) {
      const unsigned char b = *p++;
      out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  };
  // KeyValue.value (field 2, length-delimited), then AnyValue.int_value (field 3, varint).
  std::uint64_t any_size = 0, value = 0;
  if (p >= end ||
      *p++ != static_cast<unsigned char>(
                  wire::key_byte(wire::key_value::kValue, wire::kLengthDelimited)) ||
      !varint(any_size) || p >= end ||
      *p++ != static_cast<unsigned char>(wire::key_byte(wire::any_value::kInt, wire::kVarint)) ||
      !varint(value))
    return std::nullopt;
  return static_cast<std::int64_t>(value);
}

std::optional<std::string_view> SpanAttributes::string_value(std::string_view key) const noexcept {
  const std::ptrdiff_t i = find(key);
  if (i < 0) return std::nullopt;
  const Entry& e = entries_[static_cast<std::size_t>(i)];
  const auto* p =
      reinterpret_cast<const unsigned char*>(bytes_.data()) + e.offset + e.key_at + e.key_size;
  const auto* end = reinterpret_cast<const unsigned char*>(bytes_.data()) + e.offset + e.size;
  const auto varint = [&](std::uint64_t& out) {
    out = 0;
    for (int shift = 0; p < end && shift < 64; shift += 7) {
      const unsigned char b = *p++;
      out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  };
  // KeyValue.value (field 2), then AnyValue.string_value (field 1), both length-delimited.
  std::uint64_t any_size = 0, size = 0;
  if (p >= end ||
      *p++ != static_cast<unsigned char>(
                  wire::key_byte(wire::key_value::kValue, wire::kLengthDelimited)) ||
      !varint(any_size) || p >= end ||
      *p++ != static_cast<unsigned char>(
                  wire::key_byte(wire::any_value::kString, wire::kLengthDelimited)) ||
      !varint(size) || size > static_cast<std::uint64_t>(end - p))
    return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(size));
}

bool SpanAttributes::set_general(const AttributeArg& attribute, std::size_t limit) {
  std::string_view key = attribute.key.text();
  std::string valid_key, valid_text;  // only for text that is not valid UTF-8
  if (!attribute.key.is_static() && !text::is_valid_utf8(key)) {
    text::append_utf8_sanitized(valid_key, key);
    key = valid_key;
  }
  const AttributeArg::Value* value = &attribute.value;
  AttributeArg::Value sanitized;
  if (const auto* s = std::get_if<std::string_view>(value); s && !text::is_valid_utf8(*s)) {
    text::append_utf8_sanitized(valid_text, *s);
    sanitized = std::string_view(valid_text);
    value = &sanitized;
  }
  if (const std::ptrdiff_t at = find(key); at >= 0) {
    overwrite(static_cast<std::size_t>(at), key, *value);
    return true;
  }
  if (entries_.size() >= limit) return false;
  forget_decoded();
  append(key, *value, key_bit(key));
  return true;
}

std::uint32_t SpanAttributes::set_all(std::span<const AttributeArg> attributes, std::size_t limit) {
  std::uint32_t dropped = 0;
  for (const auto& a : attributes)
    if (!set(a, limit)) ++dropped;
  return dropped;
}

// Puts the new field where the old one was: a key set twice keeps its first position.
void SpanAttributes::overwrite(std::size_t i, std::string_view key,
                               const AttributeArg::Value& value) {
  forget_decoded();
  const std::size_t old_end = bytes_.size();
  const std::uint64_t bits = key_bits_;
  append(key, value, key_bit(key));
  key_bits_ = bits;
  const Entry fresh = entries_.back();
  entries_.pop_back();
  const std::string field(bytes_.data() + fresh.offset, fresh.size);
  bytes_.truncate(old_end);
  const Entry old = entries_[i];
  bytes_.replace(old.offset, old.size, field);
  const auto delta = static_cast<std::int64_t>(fresh.size) - static_cast<std::int64_t>(old.size);
  entries_[i] = Entry{old.offset, fresh.size, fresh.key_at, fresh.key_size};
  for (std::size_t k = i + 1; k < entries_.size(); ++k)
    entries_[k].offset = static_cast<std::uint32_t>(entries_[k].offset + delta);
}

}  // namespace authlens::trace
