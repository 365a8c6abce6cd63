#pragma once
// UTF-8 as RFC 3629 defines it (no overlongs, no surrogates, nothing above U+10FFFF), for the
// places where text from outside (headers, paths, attribute values) must come out valid: OTLP
// strings (protobuf parsers reject a whole request otherwise) and JSON log lines.
#include <cstddef>
#include <string>
#include <string_view>

namespace authlens::text {

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed sequence starting at text[at], or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) noexcept;

// ASCII is checked eight bytes at a time: the common case costs about an instruction a byte.
bool is_valid_utf8(std::string_view text) noexcept;

// Appends `text` with every byte that does not start a well-formed sequence replaced by U+FFFD.
void append_utf8_sanitized(std::string& out, std::string_view text);

}  // namespace authlens::text
