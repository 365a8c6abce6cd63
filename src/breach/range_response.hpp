#pragma once
// Reading a Pwned Passwords range answer: one "SUFFIX:COUNT" line per hash that shares the
// prefix (35 hex digits, a colon, a decimal count), CRLF-separated. With Add-Padding the answer
// also carries made-up lines with count 0, which mean "not in the corpus".
#include <string_view>

namespace authlens::breach {

enum class RangeVerdict { kFound, kNotFound, kMalformed };

// kMalformed for an empty body or any line that is not SUFFIX:COUNT: a body we cannot read is
// no evidence either way. Suffixes compare case-insensitively; LF alone is accepted too.
RangeVerdict find_suffix(std::string_view body, std::string_view suffix) noexcept;

}  // namespace authlens::breach
