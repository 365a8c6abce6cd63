#pragma once
// Attribute keys and values as the OpenTelemetry API allows them (the scalar subset authlens
// needs). Keys known at compile time (semconv.hpp) are StaticKeys, kept as views and never
// copied. Callers hand attributes over as AttributeArg (viewed, copied by the span that keeps
// them); the structured form (Attribute, Attributes) serves events, resources and readers.
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace authlens::trace {

using AttributeValue = std::variant<bool, std::int64_t, double, std::string>;
// Its alternatives by name, for the encoders' switches (std::visit costs a call there).
namespace value_index {
inline constexpr std::size_t kBool = 0, kInt = 1, kDouble = 2, kString = 3;
}
static_assert(
    std::is_same_v<std::variant_alternative_t<value_index::kBool, AttributeValue>, bool> &&
    std::is_same_v<std::variant_alternative_t<value_index::kInt, AttributeValue>, std::int64_t> &&
    std::is_same_v<std::variant_alternative_t<value_index::kDouble, AttributeValue>, double> &&
    std::is_same_v<std::variant_alternative_t<value_index::kString, AttributeValue>, std::string>);

// A key that lives as long as the program (a string literal): see semconv.hpp.
struct StaticKey {
  std::string_view text;
};

// How a caller names a key: a StaticKey (kept as a view) or any text (copied).
class KeyArg {
 public:
  constexpr KeyArg(StaticKey key) noexcept : text_(key.text), static_(true) {}       // NOLINT
  constexpr KeyArg(std::string_view text) noexcept : text_(text), static_(false) {}  // NOLINT
  constexpr KeyArg(const char* text) noexcept : text_(text), static_(false) {}       // NOLINT
  KeyArg(const std::string& text) noexcept : text_(text), static_(false) {}          // NOLINT

  constexpr std::string_view text() const noexcept { return text_; }
  constexpr bool is_static() const noexcept { return static_; }

 private:
  std::string_view text_;
  bool static_;
};

// An attribute's key: a view of static text, or its own copy of text made at run time.
class AttributeKey {
 public:
  AttributeKey() noexcept = default;
  AttributeKey(KeyArg key) {  // NOLINT
    if (key.is_static())
      set_static(key.text());
    else
      copy(key.text());
  }
  AttributeKey(const char* text) : AttributeKey(KeyArg(text)) {}         // NOLINT
  AttributeKey(std::string_view text) : AttributeKey(KeyArg(text)) {}    // NOLINT
  AttributeKey(const std::string& text) : AttributeKey(KeyArg(text)) {}  // NOLINT
  AttributeKey(StaticKey key) noexcept { set_static(key.text); }         // NOLINT
  AttributeKey(const AttributeKey& other);
  AttributeKey(AttributeKey&& other) noexcept
      : data_(other.data_), size_(other.size_), owned_(other.owned_) {
    other.reset();
  }
  AttributeKey& operator=(const AttributeKey& other);
  AttributeKey& operator=(AttributeKey&& other) noexcept {
    if (this != &other) {
      release();
      data_ = other.data_;
      size_ = other.size_;
      owned_ = other.owned_;
      other.reset();
    }
    return *this;
  }
  ~AttributeKey() { release(); }

  std::string_view view() const noexcept { return {data_, size_}; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT
  // True when the text is static (known valid UTF-8 and never freed).
  bool is_static() const noexcept { return !owned_; }

  friend bool operator==(const AttributeKey& a, std::string_view b) noexcept {
    return a.view() == b;
  }
  friend std::ostream& operator<<(std::ostream& out, const AttributeKey& key);

 private:
  void set_static(std::string_view text) noexcept {
    data_ = text.data();
    size_ = static_cast<std::uint32_t>(text.size());
  }
  void copy(std::string_view text);
  void release() noexcept {
    if (owned_) free_copy();
    owned_ = false;
  }
  // A moved-from key is the empty static key: keeping a view of the text it gave away would
  // dangle once the new owner frees it, and would pass that text off as static (never checked).
  void reset() noexcept {
    data_ = "";
    size_ = 0;
    owned_ = false;
  }
  void free_copy() noexcept;

  // 16 bytes, half a std::string, and no allocation for static keys.
  const char* data_ = "";
  std::uint32_t size_ = 0;
  bool owned_ = false;
};

struct Attribute {
  AttributeKey key;
  AttributeValue value;
};

// Ordered as set; a key set twice keeps its first position and its last value (spec: overwrite).
// Resources and events carry a handful: those stay inline.
using Attributes = boost::container::small_vector<Attribute, 8>;

// Overwrites the value of `key` when present, else appends.
void upsert_attribute(Attributes& attributes, KeyArg key, AttributeValue value);

// An attribute as a caller hands it over (SpanStartOptions::attributes): the key and a string
// value are only viewed, and copied into the span that keeps them.
struct AttributeArg {
  using Value = std::variant<std::string_view, std::int64_t, double, bool>;
  // Value's alternatives by name (checked below the struct).
  static constexpr std::size_t kText = 0, kInt = 1, kDouble = 2, kBool = 3;

  AttributeArg() noexcept : key(std::string_view()), value(false) {}
  AttributeArg(KeyArg k, std::string_view v) noexcept : key(k), value(v) {}
  AttributeArg(KeyArg k, const char* v) noexcept : key(k), value(std::string_view(v ? v : "")) {}
  AttributeArg(KeyArg k, const std::string& v) noexcept : key(k), value(std::string_view(v)) {}
  AttributeArg(KeyArg k, std::int64_t v) noexcept : key(k), value(v) {}
  AttributeArg(KeyArg k, int v) noexcept : key(k), value(static_cast<std::int64_t>(v)) {}
  AttributeArg(KeyArg k, double v) noexcept : key(k), value(v) {}
  AttributeArg(KeyArg k, bool v) noexcept : key(k), value(v) {}

  KeyArg key;
  Value value;
};
static_assert(
    std::is_same_v<std::variant_alternative_t<AttributeArg::kText, AttributeArg::Value>,
                   std::string_view> &&
    std::is_same_v<std::variant_alternative_t<AttributeArg::kInt, AttributeArg::Value>,
                   std::int64_t> &&
    std::is_same_v<std::variant_alternative_t<AttributeArg::kDouble, AttributeArg::Value>,
                   double> &&
    std::is_same_v<std::variant_alternative_t<AttributeArg::kBool, AttributeArg::Value>, bool>);

// An attribute as an argument (viewing `attribute`, which must outlive it).
AttributeArg as_arg(const Attribute& attribute) noexcept;

}  // namespace authlens::trace
