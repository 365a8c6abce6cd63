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
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "telemetry/trace/attributes.hpp"

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
  bool set(const AttributeArg& attribute, std::size_t limit);
  void push_back(const Attribute& attribute);  // as set(), without a limit

  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  // The encoded fields, in order: what Span.attributes is on the wire.
  std::string_view encoded() const noexcept { return {bytes_.data(), bytes_.size()}; }

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

  void assign(std::span<const Attribute> attributes);
  void forget_decoded() noexcept;
  const std::vector<Attribute>& decoded() const;
  void append(std::string_view key, const AttributeArg::Value& value);

  // The bytes start in an inline buffer big enough for a server span's attributes: a span with
  // its attributes is one allocation.
  boost::container::small_vector<char, 400> bytes_;
  boost::container::small_vector<Entry, 12> entries_;
  mutable std::atomic<const std::vector<Attribute>*> decoded_{nullptr};
};

}  // namespace authlens::trace
