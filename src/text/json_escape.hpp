#pragma once
// JSON string escaping for log lines, OTLP/JSON, the console exporter and the viewer's data:
// quotes, backslashes and control characters (DEL included) escaped, invalid UTF-8 replaced by
// U+FFFD, so one value stays one valid JSON string whatever bytes it came with.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace authlens::text {

enum class Quotes { kEscape, kKeep };

// The most one input byte can become ("\u00XX"): room to reserve before write_json_escaped.
inline constexpr std::size_t kJsonEscapeMaxGrowth = 6;

namespace detail {
char* write_json_escaped_long(char* out, std::string_view text, Quotes quotes) noexcept;
char* write_escaped_slowly(char* out, std::string_view text, Quotes quotes) noexcept;

// Bytes copied as they are: printable ASCII but '"' and '\\'.
inline constexpr std::array<bool, 256> kPlainByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7F; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();
constexpr bool byte_is_plain(char ch) noexcept {
  return kPlainByte[static_cast<unsigned char>(ch)];
}
constexpr std::uint32_t kOnes32 = 0x01010101U;
constexpr std::uint32_t kHighs32 = 0x80808080U;
constexpr std::uint32_t has_zero_byte32(std::uint32_t v) noexcept {
  return (v - kOnes32) & ~v & kHighs32;
}
constexpr bool word32_is_plain(std::uint32_t w) noexcept {
  return ((w & kHighs32) | ((w - kOnes32 * 0x20) & ~w & kHighs32) |
          has_zero_byte32(w ^ (kOnes32 * '"')) | has_zero_byte32(w ^ (kOnes32 * '\\')) |
          has_zero_byte32(w ^ (kOnes32 * 0x7F))) == 0;
}
}  // namespace detail

// Writes the escaped body of `text` (no surrounding quotes) at `out`, which has room for
// kJsonEscapeMaxGrowth * text.size() bytes, and returns the end. Quotes::kKeep leaves '"' as
// it is, for formats that quote differently (the text log format). Short plain text (methods,
// paths, addresses) is checked and copied inline with overlapping loads and stores.
inline char* write_json_escaped(char* out, std::string_view text,
                                Quotes quotes = Quotes::kEscape) noexcept {
  const char* p = text.data();
  const std::size_t n = text.size();
  if (n >= 8) return detail::write_json_escaped_long(out, text, quotes);
  if (n >= 4) {
    std::uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    if (!detail::word32_is_plain(head) || !detail::word32_is_plain(tail))
      return detail::write_escaped_slowly(out, text, quotes);
    std::memcpy(out, &head, 4);
    std::memcpy(out + n - 4, &tail, 4);
    return out + n;
  }
  if (n > 0) {  // 1-3 bytes: positions 0, n/2 and n-1 cover them all
    const char a = p[0], b = p[n / 2], c = p[n - 1];
    if (!detail::byte_is_plain(a) || !detail::byte_is_plain(b) || !detail::byte_is_plain(c))
      return detail::write_escaped_slowly(out, text, quotes);
    out[0] = a;
    out[n / 2] = b;
    out[n - 1] = c;
  }
  return out + n;
}

// True when `text` comes out of escaping unchanged (ASCII without controls, '"' or '\').
// constexpr, so a literal is judged at compile time.
constexpr bool is_json_plain(std::string_view text) noexcept {
  for (char ch : text)
    if (!detail::byte_is_plain(ch)) return false;
  return true;
}

// The same, appended to a string.
void append_json_escaped(std::string& out, std::string_view text, Quotes quotes = Quotes::kEscape);

// Appends `text` as a JSON string literal, quotes included.
inline void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  append_json_escaped(out, text);
  out.push_back('"');
}

}  // namespace authlens::text
