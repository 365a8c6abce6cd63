#pragma once
// Attribute values as the OpenTelemetry API allows them (the scalar subset authlens needs).
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace authlens::trace {

using AttributeValue = std::variant<bool, std::int64_t, double, std::string>;

struct Attribute {
  std::string key;
  AttributeValue value;
};

// Ordered as set; a key set twice keeps its first position and its last value (spec: overwrite).
using Attributes = std::vector<Attribute>;

// Overwrites the value of `key` when present, else appends.
void upsert_attribute(Attributes& attributes, std::string_view key, AttributeValue value);

}  // namespace authlens::trace
