#pragma once
// A span's attributes, kept as the OTLP protobuf bytes they are exported as: each attribute is
// one Span.attributes field (a KeyValue message) written when it is set, by the one attribute
// writer (attribute_field.hpp), and the exporter copies the whole block in one go. The span then
// needs no per-attribute objects to build, copy and destroy. Readers that want structured
// attributes (viewer, console and JSON exporters, tests) get them decoded, once per span, in a
// view that lives as long as the span.
//
// Keys and string values are made valid UTF-8 when set (invalid bytes become U+FFFD), as OTLP
// requires. A key set twice keeps its first position and its last value (spec: overwrite).
#include <atomic>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "telemetry/trace/api/attributes.hpp"
#include "telemetry/trace/sdk/attribute_field.hpp"
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
  // Inline for the usual attribute (a semconv key not set yet, with valid text or a number):
  // every span's start and most set_attribute calls take it, and the general path's checks
  // and copies cost three times the write.
  bool set(const AttributeArg& attribute, std::size_t limit) {
    if (attribute.key.is_static()) {
      const std::string_view key = attribute.key.text();
      const std::uint64_t bit = key_bit(key);
      if ((key_bits_ & bit) == 0 && entries_.size() < limit &&
          decoded_.load(std::memory_order_relaxed) == nullptr) {
        const auto* text = std::get_if<std::string_view>(&attribute.value);
        if (text == nullptr || text::is_valid_utf8(*text)) {
          append(key, attribute.value, bit);
          return true;
        }
      }
    }
    return set_general(attribute, limit);
  }
  void push_back(const Attribute& attribute);  // as set(), without a limit
  // Several at once, as set() one after the other; returns how many were dropped for the limit.
  std::uint32_t set_all(std::span<const AttributeArg> attributes, std::size_t limit);

  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  // The encoded fields, in order: what Span.attributes is on the wire.
  std::string_view encoded() const noexcept { return bytes_.view(); }

  // The integer value of `key`, read from the encoded bytes (no decoding of the rest); nullopt
  // when absent or not an integer. For the tail sampler's look at http.response.status_code.
  std::optional<std::int64_t> int_value(std::string_view key) const noexcept;
  // A text attribute's value, viewing this object's bytes (nullopt: absent or not text).
  std::optional<std::string_view> string_value(std::string_view key) const noexcept;

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

  // A key's bit in key_bits_: from its length and its first and last bytes, so the keys of
  // one span rarely share one (server.address and client.address have the same length).
  static std::uint64_t key_bit(std::string_view key) noexcept {
    if (key.empty()) return 1;
    const std::size_t h = key.size() + 3 * static_cast<unsigned char>(key.front()) +
                          5 * static_cast<unsigned char>(key.back());
    return std::uint64_t{1} << (h & 63);
  }
  // The entry holding `key`, or -1.
  std::ptrdiff_t find(std::string_view key) const noexcept;
  bool set_general(const AttributeArg& attribute, std::size_t limit);
  // A new field at the end; `key` and a text value valid UTF-8 already, `bit` key_bit(key).
  // Always inline: as a call, saving and restoring registers cost a fifth of the write.
  [[gnu::always_inline]] void append(std::string_view key, const AttributeArg::Value& value,
                                     std::uint64_t bit) {
    const wire::AttributeFieldSize size = wire::attribute_field_size(key, value);
    const auto offset = static_cast<std::uint32_t>(bytes_.size());
    wire::put_attribute_field(bytes_.grow_by(size.field), kFieldNumber, key, value, size);
    entries_.push_back(
        Entry{offset, size.field, size.key_at(key.size()), static_cast<std::uint32_t>(key.size())});
    key_bits_ |= bit;
  }
  void overwrite(std::size_t i, std::string_view key, const AttributeArg::Value& value);
  void assign(std::span<const Attribute> attributes);
  void forget_decoded() noexcept;
  const std::vector<Attribute>& decoded() const;

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
    void append(std::string_view bytes);
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
