#pragma once
// The "k1=v1,k2=v2" lists of OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS (W3C Baggage
// octets: values percent-encoded, whitespace around items ignored).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authlens::trace {

using KeyValueList = std::vector<std::pair<std::string, std::string>>;

// nullopt when an item has no '=', an empty key, or a broken %XX escape.
std::optional<KeyValueList> parse_key_value_list(std::string_view text);

}  // namespace authlens::trace
