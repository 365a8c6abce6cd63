#include "telemetry/trace/attributes.hpp"

#include "telemetry/trace/span_data.hpp"

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

namespace {
Attribute* find_key(Attributes& attributes, std::string_view text) noexcept {
  for (auto& a : attributes) {
    const std::string_view existing = a.key.view();
    if (existing.size() == text.size() &&
        (existing.data() == text.data() || text.empty() ||
         std::memcmp(existing.data(), text.data(), text.size()) == 0))
      return &a;
  }
  return nullptr;
}
}  // namespace

bool assign_attribute(Attributes& attributes, const AttributeArg& arg) {
  Attribute* slot = find_key(attributes, arg.key.text());
  if (slot == nullptr) {
    if (attributes.size() >= kMaxAttributesPerSpan) return false;
    slot = &attributes.emplace_back(AttributeKey(arg.key));
  }
  switch (arg.value.index()) {
    case 0:
      slot->value.emplace<std::string>(*std::get_if<std::string_view>(&arg.value));
      break;
    case 1:
      slot->value.emplace<std::int64_t>(*std::get_if<std::int64_t>(&arg.value));
      break;
    case 2:
      slot->value.emplace<double>(*std::get_if<double>(&arg.value));
      break;
    default:
      slot->value.emplace<bool>(*std::get_if<bool>(&arg.value));
  }
  return true;
}

}  // namespace authlens::trace
