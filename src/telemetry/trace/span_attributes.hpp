#pragma once
// A span's attributes, kept as the OTLP protobuf bytes they are exported as: each attribute is
// one Span.attributes field (a KeyValue message) written when it is set, and the exporter copies
// the whole block in one go. Setting an attribute is then a few dozen instructions, and the span
// needs no per-attribute objects to build, copy and destroy. Readers that want structured
// attributes (viewer, console and JSON exporters, tests) get them decoded, once per span, in a
// view that lives as long as the span.
//
// String values are made valid UTF-8 when set (invalid bytes become U+FFFD), as OTLP requires.
// A key set twice keeps its first position and its last value (spec: overwrite).
#include <atomic>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "telemetry/trace/attributes.hpp"
#include "telemetry/trace/otlp_common_fields.hpp"
#include "telemetry/trace/proto_writer.hpp"
#include "text/small_copy.hpp"
#include "text/utf8.hpp"

namespace authlens::trace {

class SpanAttributes {
 public:
  // Span.attributes is field 9 (opentelemetry-proto trace.proto).
  static constexpr std::uint32_t kFieldNumber = 9;

  SpanAttributes() = default;
  SpanAttributes(std::initializer_list<Attribute> attributes);  // NOLINT
  SpanAttributes(const SpanAttributes& other);
  SpanAttributes& operator=(const SpanAttributes& other);
  SpanAttributes& operator=(std::initializer_list<Attribute> attributes);
  ~SpanAttributes();

  // False (and nothing set) when `limit` attributes are there already and the key is new.
  // Inline for the usual attribute (a semconv key not set yet, with a short valid string or an
  // integer): every span's start and most set_attribute calls take it, and the call into the
  // general path cost as much as the write.
  bool set(const AttributeArg& attribute, std::size_t limit) {
    const std::string_view key = attribute.key.text();
    const std::uint64_t bit = key_bit(key);
    if (attribute.key.is_static() && key.size() < 48 && ((key_bits_ & bit) == 0 || !has_key(key)) &&
        entries_.size() < limit && decoded_.load(std::memory_order_relaxed) == nullptr) {
      if (const auto* s = std::get_if<std::string_view>(&attribute.value);
          s != nullptr && s->size() < 64 && text::is_valid_utf8(*s)) {
        append_short_string(key, *s);
        key_bits_ |= bit;
        return true;
      }
      if (const auto* i = std::get_if<std::int64_t>(&attribute.value)) {
        append_short_int(key, static_cast<std::uint64_t>(*i));
        key_bits_ |= bit;
        return true;
      }
    }
    return set_general(attribute, limit);
  }
  void push_back(const Attribute& attribute);  // as set(), without a limit
  // Several at once, as set() one after the other would (a span's first attributes): the usual
  // ones are sized first and written in one pass, so the bytes grow once. Returns how many were
  // dropped for the limit.
  std::uint32_t set_all(std::span<const AttributeArg> attributes, std::size_t limit);

  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  // The encoded fields, in order: what Span.attributes is on the wire.
  std::string_view encoded() const noexcept { return bytes_.view(); }

  // Structured reading: decoded on first use and kept until the attributes change.
  const Attribute& operator[](std::size_t i) const { return decoded()[i]; }
  std::vector<Attribute>::const_iterator begin() const { return decoded().begin(); }
  std::vector<Attribute>::const_iterator end() const { return decoded().end(); }

 private:
  struct Entry {
    std::uint32_t offset;  // of the field's tag in bytes_
    std::uint32_t size;    // of the whole field
    std::uint32_t key_at;  // offset of the key's text, from `offset`
    std::uint32_t key_size;
  };

  bool set_general(const AttributeArg& attribute, std::size_t limit);
  // A key's bit in key_bits_: from its length and its first and last bytes, so the keys of
  // one span rarely share one (server.address and client.address have the same length).
  static std::uint64_t key_bit(std::string_view key) noexcept {
    if (key.empty()) return 1;
    const std::size_t h = key.size() + 3 * static_cast<unsigned char>(key.front()) +
                          5 * static_cast<unsigned char>(key.back());
    return std::uint64_t{1} << (h & 63);
  }
  // Whether `key` is set already (asked only when a key of its length is).
  bool has_key(std::string_view key) const noexcept {
    for (const Entry& e : entries_)
      if (e.key_size == key.size() &&
          std::memcmp(bytes_.data() + e.offset + e.key_at, key.data(), key.size()) == 0)
        return true;
    return false;
  }
  // One Span.attributes field with one-byte lengths throughout (key < 48, text < 64 bytes).
  void append_short_string(std::string_view key, std::string_view value) {
    const std::size_t k = key.size(), n = value.size();
    const auto offset = static_cast<std::uint32_t>(bytes_.size());
    char* p = bytes_.grow_by(8 + k + n);
    p[0] = kTag;
    p[1] = static_cast<char>(6 + k + n);  // the KeyValue: key field, value field
    p[2] = kKeyTag;
    p[3] = static_cast<char>(k);
    text::small_copy(p + 4, key.data(), k);
    p += 4 + k;
    p[0] = kValueTag;
    p[1] = static_cast<char>(2 + n);  // the AnyValue
    p[2] = kStringValueTag;
    p[3] = static_cast<char>(n);
    text::small_copy(p + 4, value.data(), n);
    entries_.push_back(
        Entry{offset, static_cast<std::uint32_t>(8 + k + n), 4, static_cast<std::uint32_t>(k)});
  }
  void append_short_int(std::string_view key, std::uint64_t v) {
    const std::size_t k = key.size();
    const std::size_t n = ProtoWriter::varint_size(v);
    const auto offset = static_cast<std::uint32_t>(bytes_.size());
    char* p = bytes_.grow_by(7 + k + n);
    p[0] = kTag;
    p[1] = static_cast<char>(5 + k + n);
    p[2] = kKeyTag;
    p[3] = static_cast<char>(k);
    text::small_copy(p + 4, key.data(), k);
    p += 4 + k;
    p[0] = kValueTag;
    p[1] = static_cast<char>(1 + n);
    p[2] = kIntValueTag;
    ProtoWriter::put_varint(p + 3, v);
    entries_.push_back(
        Entry{offset, static_cast<std::uint32_t>(7 + k + n), 4, static_cast<std::uint32_t>(k)});
  }
  // Tags: Span.attributes, KeyValue's key and value, AnyValue's string_value and int_value.
  static constexpr char kTag = ProtoWriter::key_byte(kFieldNumber, ProtoWriter::kLengthDelimited);
  static constexpr char kKeyTag =
      ProtoWriter::key_byte(key_value::kKey, ProtoWriter::kLengthDelimited);
  static constexpr char kValueTag =
      ProtoWriter::key_byte(key_value::kValue, ProtoWriter::kLengthDelimited);
  static constexpr char kStringValueTag =
      ProtoWriter::key_byte(any_value::kString, ProtoWriter::kLengthDelimited);
  static constexpr char kIntValueTag = ProtoWriter::key_byte(any_value::kInt, ProtoWriter::kVarint);

  void assign(std::span<const Attribute> attributes);
  void forget_decoded() noexcept;
  const std::vector<Attribute>& decoded() const;
  void append(std::string_view key, const AttributeArg::Value& value);
  void overwrite(std::size_t i, std::string_view key, const AttributeArg::Value& value);
  bool set_sanitized_key(const AttributeArg& attribute, std::size_t limit);

  // Bytes in an inline buffer big enough for a server span's attributes (a span with its
  // attributes is then one allocation), growing onto the heap. Hand-written rather than a
  // small_vector<char>: growing that by n uninitialised bytes goes through its generic insert
  // path, which cost more than writing the attribute.
  class Bytes {
   public:
    Bytes() noexcept = default;
    Bytes(const Bytes& other) { append(other.view()); }
    Bytes& operator=(const Bytes& other) {
      if (this != &other) {
        size_ = 0;
        append(other.view());
      }
      return *this;
    }
    ~Bytes() {
      if (data_ != inline_) delete[] data_;
    }
    char* grow_by(std::size_t n) {  // room for n more bytes, to be written; they count already
      if (size_ + n > capacity_) reserve(size_ + n);
      char* p = data_ + size_;
      size_ += static_cast<std::uint32_t>(n);
      return p;
    }
    void append(std::string_view bytes) {
      std::memcpy(grow_by(bytes.size()), bytes.data(), bytes.size());
    }
    void truncate(std::size_t size) noexcept { size_ = static_cast<std::uint32_t>(size); }
    void replace(std::size_t at, std::size_t old_size, std::string_view bytes);
    char* data() noexcept { return data_; }
    const char* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    std::string_view view() const noexcept { return {data_, size_}; }

   private:
    void reserve(std::size_t capacity);
    char inline_[400];
    char* data_ = inline_;
    std::uint32_t size_ = 0;
    std::uint32_t capacity_ = sizeof inline_;
  };
  Bytes bytes_;
  boost::container::small_vector<Entry, 12> entries_;
  std::uint64_t key_bits_ = 0;  // key_bit() of every key present
  mutable std::atomic<const std::vector<Attribute>*> decoded_{nullptr};
};

}  // namespace authlens::trace
