#include "telemetry/trace/api/attributes.hpp"

#include <cstring>
#include <ostream>

namespace authlens::trace {

void AttributeKey::copy(std::string_view text) {
  if (text.empty()) return;  // "" (static) already
  char* owned = new char[text.size()];
  std::memcpy(owned, text.data(), text.size());
  data_ = owned;
  size_ = static_cast<std::uint32_t>(text.size());
  owned_ = true;
}

AttributeKey::AttributeKey(const AttributeKey& other)
    : AttributeKey(other.owned_ ? KeyArg(other.view()) : KeyArg(StaticKey{other.view()})) {}

AttributeKey& AttributeKey::operator=(const AttributeKey& other) {
  if (this != &other) *this = AttributeKey(other);
  return *this;
}

void AttributeKey::free_copy() noexcept { delete[] data_; }

std::ostream& operator<<(std::ostream& out, const AttributeKey& key) { return out << key.view(); }

// Keys of one span rarely share a length, so the length is compared first.
void upsert_attribute(Attributes& attributes, KeyArg key, AttributeValue value) {
  for (auto& a : attributes) {
    if (a.key == key.text()) {
      a.value = std::move(value);
      return;
    }
  }
  attributes.push_back(Attribute{AttributeKey(key), std::move(value)});
}

AttributeArg as_arg(const Attribute& a) noexcept {
  // A static key stays static: its text is known valid UTF-8 and is never copied.
  const KeyArg key = a.key.is_static() ? KeyArg(StaticKey{a.key.view()}) : KeyArg(a.key.view());
  switch (a.value.index()) {
    case value_index::kBool:
      return {key, *std::get_if<bool>(&a.value)};
    case value_index::kInt:
      return {key, *std::get_if<std::int64_t>(&a.value)};
    case value_index::kDouble:
      return {key, *std::get_if<double>(&a.value)};
    default:
      return {key, std::string_view(*std::get_if<std::string>(&a.value))};
  }
}

}  // namespace authlens::trace
