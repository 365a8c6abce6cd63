#pragma once
// OTLP strings must be valid UTF-8 (protobuf parsers reject the whole request otherwise), while
// attribute values may come from request bytes: invalid sequences become U+FFFD.
#include <string>
#include <string_view>

namespace authlens::trace {

bool is_valid_utf8(std::string_view text) noexcept;
void append_utf8_sanitized(std::string& out, std::string_view text);

}  // namespace authlens::trace
