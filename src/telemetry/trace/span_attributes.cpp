#include "telemetry/trace/span_attributes.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "text/small_copy.hpp"
#include "text/utf8.hpp"

namespace authlens::trace {
namespace {

// The wire format's helpers are ProtoWriter's; the field numbers are common.proto's.
using W = ProtoWriter;

std::uint64_t get_varint(const char*& p, const char* end) {
  std::uint64_t v = 0;
  for (int shift = 0; p < end && shift < 64; shift += 7) {
    const auto byte = static_cast<std::uint8_t>(*p++);
    v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (byte < 0x80) return v;
  }
  throw std::runtime_error("span attributes: truncated varint");
}

// One KeyValue field as written by append(): tag, length, key field, value field.
Attribute decode(std::string_view field) {
  const char* p = field.data();
  const char* end = p + field.size();
  ++p;  // the Span.attributes tag
  const std::uint64_t kv_size = get_varint(p, end);
  const char* kv_end = p + kv_size;
  Attribute out;
  while (p < kv_end) {
    const std::uint64_t key = get_varint(p, kv_end);
    const std::uint64_t size = get_varint(p, kv_end);
    if (key == (key_value::kKey << 3 | W::kLengthDelimited)) {
      out.key = AttributeKey(std::string_view(p, size));
    } else {  // key_value::kValue: the AnyValue's one field
      const char* q = p;
      const std::uint64_t tag = get_varint(q, p + size);
      if (tag == (any_value::kString << 3 | W::kLengthDelimited)) {
        const std::uint64_t n = get_varint(q, p + size);
        out.value.emplace<std::string>(q, n);
      } else if (tag == (any_value::kBool << 3 | W::kVarint)) {
        out.value.emplace<bool>(get_varint(q, p + size) != 0);
      } else if (tag == (any_value::kInt << 3 | W::kVarint)) {
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

AttributeArg as_arg(const Attribute& a) {
  switch (a.value.index()) {
    case value_index::kBool:
      return {KeyArg(a.key.view()), std::get<bool>(a.value)};
    case value_index::kInt:
      return {KeyArg(a.key.view()), std::get<std::int64_t>(a.value)};
    case value_index::kDouble:
      return {KeyArg(a.key.view()), std::get<double>(a.value)};
    default:
      return {KeyArg(a.key.view()), std::string_view(std::get<std::string>(a.value))};
  }
}

}  // namespace

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

bool SpanAttributes::set_general(const AttributeArg& attribute, std::size_t limit) {
  if (!attribute.key.is_static() && !text::is_valid_utf8(attribute.key.text()))
    return set_sanitized_key(attribute, limit);
  const std::string_view key = attribute.key.text();
  // Keys of one span rarely share a bit: only then is there anything to compare.
  const std::uint64_t bit = key_bit(key);
  if ((key_bits_ & bit) != 0) {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const Entry& e = entries_[i];
      if (e.key_size == key.size() &&
          std::memcmp(bytes_.data() + e.offset + e.key_at, key.data(), key.size()) == 0) {
        overwrite(i, key, attribute.value);
        return true;
      }
    }
  }
  if (entries_.size() >= limit) return false;
  if (decoded_.load(std::memory_order_relaxed) != nullptr) forget_decoded();
  append(key, attribute.value);
  key_bits_ |= bit;
  return true;
}

std::uint32_t SpanAttributes::set_all(std::span<const AttributeArg> attributes, std::size_t limit) {
  // The leading run of usual attributes (static key < 48 bytes whose bit no earlier key has,
  // short valid string or integer value) is sized, then written without further checks; the
  // rest, if any, goes through set().
  constexpr std::size_t kBatch = 16;
  std::uint32_t field_sizes[kBatch];
  std::size_t run = 0, total = 0;
  std::uint64_t bits = key_bits_;
  if (decoded_.load(std::memory_order_relaxed) == nullptr) {
    const std::size_t most = std::min({attributes.size(), kBatch, limit - std::min(limit, size())});
    for (; run < most; ++run) {
      const AttributeArg& a = attributes[run];
      const std::string_view key = a.key.text();
      const std::uint64_t bit = key_bit(key);
      if (!a.key.is_static() || key.size() >= 48 || (bits & bit) != 0) break;
      std::size_t field;
      if (const auto* s = std::get_if<std::string_view>(&a.value)) {
        if (s->size() >= 64 || !text::is_valid_utf8(*s)) break;
        field = 8 + key.size() + s->size();
      } else if (const auto* i = std::get_if<std::int64_t>(&a.value)) {
        field = 7 + key.size() + W::varint_size(static_cast<std::uint64_t>(*i));
      } else {
        break;
      }
      bits |= bit;
      field_sizes[run] = static_cast<std::uint32_t>(field);
      total += field;
    }
  }
  if (run > 0) {
    auto offset = static_cast<std::uint32_t>(bytes_.size());
    char* p = bytes_.grow_by(total);
    entries_.reserve(entries_.size() + run);
    for (std::size_t r = 0; r < run; ++r) {
      const AttributeArg& a = attributes[r];
      const std::string_view key = a.key.text();
      const std::size_t k = key.size(), field = field_sizes[r];
      p[0] = kTag;
      p[1] = static_cast<char>(field - 2);  // the KeyValue
      p[2] = kKeyTag;
      p[3] = static_cast<char>(k);
      text::small_copy(p + 4, key.data(), k);
      char* v = p + 4 + k;
      v[0] = kValueTag;
      v[1] = static_cast<char>(field - 6 - k);  // the AnyValue
      if (const auto* s = std::get_if<std::string_view>(&a.value)) {
        v[2] = kStringValueTag;
        v[3] = static_cast<char>(s->size());
        text::small_copy(v + 4, s->data(), s->size());
      } else {
        v[2] = kIntValueTag;
        W::put_varint(v + 3, static_cast<std::uint64_t>(*std::get_if<std::int64_t>(&a.value)));
      }
      entries_.push_back(
          Entry{offset, static_cast<std::uint32_t>(field), 4, static_cast<std::uint32_t>(k)});
      offset += static_cast<std::uint32_t>(field);
      p += field;
    }
    key_bits_ = bits;
  }
  std::uint32_t dropped = 0;
  for (std::size_t r = run; r < attributes.size(); ++r)
    if (!set(attributes[r], limit)) ++dropped;
  return dropped;
}

bool SpanAttributes::set_sanitized_key(const AttributeArg& attribute, std::size_t limit) {
  std::string valid;
  text::append_utf8_sanitized(valid, attribute.key.text());
  AttributeArg sanitized;  // `valid` outlives the call, so the key may be viewed as static
  sanitized.key = KeyArg(StaticKey{valid});
  sanitized.value = attribute.value;
  return set_general(sanitized, limit);
}

// Puts the new field where the old one was: a key set twice keeps its first position.
void SpanAttributes::overwrite(std::size_t i, std::string_view key,
                               const AttributeArg::Value& value) {
  forget_decoded();
  const std::size_t old_end = bytes_.size();
  append(key, value);
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

// Appends one Span.attributes field: tag, length, then the KeyValue's key and value fields.
void SpanAttributes::append(std::string_view key, const AttributeArg::Value& value) {
  // The usual attribute (a short key with a short valid string or an integer) has one-byte
  // lengths throughout: written without computing any varint size.
  if (key.size() < 48) {
    const std::size_t offset = bytes_.size();
    if (const auto* s = std::get_if<std::string_view>(&value);
        s != nullptr && s->size() < 64 && text::is_valid_utf8(*s)) {
      const std::size_t k = key.size(), n = s->size();
      char* p = bytes_.grow_by(8 + k + n);
      p[0] = W::key_byte(kFieldNumber, W::kLengthDelimited);
      p[1] = static_cast<char>(6 + k + n);  // the KeyValue: key field, value field
      p[2] = W::key_byte(key_value::kKey, W::kLengthDelimited);
      p[3] = static_cast<char>(k);
      text::small_copy(p + 4, key.data(), k);
      p += 4 + k;
      p[0] = W::key_byte(key_value::kValue, W::kLengthDelimited);
      p[1] = static_cast<char>(2 + n);  // the AnyValue
      p[2] = W::key_byte(any_value::kString, W::kLengthDelimited);
      p[3] = static_cast<char>(n);
      text::small_copy(p + 4, s->data(), n);
      entries_.push_back(Entry{static_cast<std::uint32_t>(offset),
                               static_cast<std::uint32_t>(8 + k + n), 4,
                               static_cast<std::uint32_t>(k)});
      return;
    }
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
      const auto v = static_cast<std::uint64_t>(*i);
      const std::size_t k = key.size(), n = W::varint_size(v);
      char* p = bytes_.grow_by(7 + k + n);
      p[0] = W::key_byte(kFieldNumber, W::kLengthDelimited);
      p[1] = static_cast<char>(5 + k + n);
      p[2] = W::key_byte(key_value::kKey, W::kLengthDelimited);
      p[3] = static_cast<char>(k);
      text::small_copy(p + 4, key.data(), k);
      p += 4 + k;
      p[0] = W::key_byte(key_value::kValue, W::kLengthDelimited);
      p[1] = static_cast<char>(1 + n);
      p[2] = W::key_byte(any_value::kInt, W::kVarint);
      W::put_varint(p + 3, v);
      entries_.push_back(Entry{static_cast<std::uint32_t>(offset),
                               static_cast<std::uint32_t>(7 + k + n), 4,
                               static_cast<std::uint32_t>(k)});
      return;
    }
  }
  std::string valid_text;
  std::string_view text;
  std::uint64_t integer = 0;
  std::size_t any_size;  // the AnyValue message's size
  switch (value.index()) {
    case AttributeArg::kText:
      text = *std::get_if<std::string_view>(&value);
      if (!text::is_valid_utf8(text)) {
        text::append_utf8_sanitized(valid_text, text);
        text = valid_text;
      }
      any_size = 1 + W::varint_size(text.size()) + text.size();
      break;
    case AttributeArg::kInt:
      integer = static_cast<std::uint64_t>(*std::get_if<std::int64_t>(&value));
      any_size = 1 + W::varint_size(integer);
      break;
    case AttributeArg::kDouble:
      any_size = 9;
      break;
    default:
      integer = *std::get_if<bool>(&value) ? 1 : 0;
      any_size = 2;
  }
  const std::size_t key_field = 1 + W::varint_size(key.size()) + key.size();
  const std::size_t kv_size = key_field + 1 + W::varint_size(any_size) + any_size;
  const std::size_t field_size = 1 + W::varint_size(kv_size) + kv_size;

  const std::size_t offset = bytes_.size();
  char* p = bytes_.grow_by(field_size);
  *p++ = W::key_byte(kFieldNumber, W::kLengthDelimited);
  p = W::put_varint(p, kv_size);
  *p++ = W::key_byte(key_value::kKey, W::kLengthDelimited);
  p = W::put_varint(p, key.size());
  const auto key_at = static_cast<std::uint32_t>(p - (bytes_.data() + offset));
  text::small_copy(p, key.data(), key.size());
  p += key.size();
  *p++ = W::key_byte(key_value::kValue, W::kLengthDelimited);
  p = W::put_varint(p, any_size);
  switch (value.index()) {
    case AttributeArg::kText:
      *p++ = W::key_byte(any_value::kString, W::kLengthDelimited);
      p = W::put_varint(p, text.size());
      text::small_copy(p, text.data(), text.size());
      break;
    case AttributeArg::kInt:
      *p++ = W::key_byte(any_value::kInt, W::kVarint);
      W::put_varint(p, integer);
      break;
    case AttributeArg::kDouble: {
      *p++ = W::key_byte(any_value::kDouble, W::kFixed64);
      const double d = *std::get_if<double>(&value);
      std::uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      for (int i = 0; i < 8; ++i) p[i] = static_cast<char>(bits >> (8 * i));
      break;
    }
    default:
      *p++ = W::key_byte(any_value::kBool, W::kVarint);
      *p = static_cast<char>(integer);
  }
  entries_.push_back(Entry{static_cast<std::uint32_t>(offset),
                           static_cast<std::uint32_t>(field_size), key_at,
                           static_cast<std::uint32_t>(key.size())});
}

}  // namespace authlens::trace
