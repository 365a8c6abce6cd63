#pragma once
// UTF-8 as RFC 3629 defines it (no overlongs, no surrogates, nothing above U+10FFFF), for the
// places where text from outside (headers, paths, attribute values) must come out valid: OTLP
// strings (protobuf parsers reject a whole request otherwise) and JSON log lines. Written here
// rather than taken from libunistring (u8_check, already linked for NFKC): u8_check walks byte
// by byte through a library call, and the request path checks a dozen short strings per request,
// where an inline eight-bytes-at-a-time ASCII test costs a few instructions. Replacing invalid
// bytes with U+FFFD (what the callers need) is not something u8_check does either.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace authlens::text {

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed sequence starting at text[at], or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) noexcept;

namespace detail {
bool is_valid_utf8_long(std::string_view text) noexcept;
}

// ASCII is checked eight bytes at a time, short text inline with two overlapping loads: the
// common case (methods, paths, addresses) costs a handful of instructions.
inline bool is_valid_utf8(std::string_view text) noexcept {
  const char* p = text.data();
  const std::size_t n = text.size();
  if (n >= 8 && n <= 16) {
    std::uint64_t head, tail;
    std::memcpy(&head, p, 8);
    std::memcpy(&tail, p + n - 8, 8);
    if (((head | tail) & 0x8080808080808080ULL) == 0) return true;
  } else if (n >= 4 && n < 8) {
    std::uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    if (((head | tail) & 0x80808080U) == 0) return true;
  } else if (n < 4) {
    if (n == 0) return true;
    if (((p[0] | p[n / 2] | p[n - 1]) & 0x80) == 0) return true;
  }
  return detail::is_valid_utf8_long(text);
}

// Appends `text` with every byte that does not start a well-formed sequence replaced by U+FFFD.
void append_utf8_sanitized(std::string& out, std::string_view text);

}  // namespace authlens::text
