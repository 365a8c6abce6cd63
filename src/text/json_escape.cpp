#include "text/json_escape.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include "text/utf8.hpp"

namespace authlens::text {
namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

constexpr std::uint64_t has_zero_byte(std::uint64_t v) { return (v - kOnes) & ~v & kHighs; }

// Whether any of the eight bytes needs attention: a control (< 0x20), '"', '\\', DEL or a
// non-ASCII byte. Plain text is then copied eight bytes at a time.
constexpr bool word_is_plain(std::uint64_t w) {
  const std::uint64_t special =
      (w & kHighs) | ((w - kOnes * 0x20) & ~w & kHighs) | has_zero_byte(w ^ (kOnes * '"')) |
      has_zero_byte(w ^ (kOnes * '\\')) | has_zero_byte(w ^ (kOnes * 0x7F));
  return special == 0;
}

constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x7F;
  return t;
}();

template <std::size_t N>
char* put(char* out, const char (&text)[N]) noexcept {
  std::memcpy(out, text, N - 1);
  return out + N - 1;
}

char* write_escape(char* out, std::uint8_t c, Quotes quotes) noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      if (quotes == Quotes::kKeep) {
        *out = '"';
        return out + 1;
      }
      return put(out, "\\\"");
    case '\\':
      return put(out, "\\\\");
    case '\n':
      return put(out, "\\n");
    case '\r':
      return put(out, "\\r");
    case '\t':
      return put(out, "\\t");
    case '\b':
      return put(out, "\\b");
    case '\f':
      return put(out, "\\f");
    default:
      out = put(out, "\\u00");
      out[0] = kHex[c >> 4];
      out[1] = kHex[c & 0x0F];
      return out + 2;
  }
}

}  // namespace

// The general case: byte by byte from the start, escaping and replacing as needed.
char* detail::write_escaped_slowly(char* out, std::string_view text, Quotes quotes) noexcept {
  const char* p = text.data();
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    const auto c = static_cast<std::uint8_t>(p[i]);
    if (!kSpecial[c]) {
      *out++ = static_cast<char>(c);
      ++i;
    } else if (c < 0x80) {
      out = write_escape(out, c, quotes);
      ++i;
    } else if (const std::size_t n = utf8_sequence_length(text, i); n != 0) {
      std::memcpy(out, p + i, n);  // well-formed: kept
      out += n;
      i += n;
    } else {
      std::memcpy(out, kReplacementCharacter.data(), kReplacementCharacter.size());
      out += kReplacementCharacter.size();
      ++i;
    }
  }
  return out;
}

// Eight bytes and more: checked and copied a word at a time, the last word overlapping.
char* detail::write_json_escaped_long(char* out, std::string_view text, Quotes quotes) noexcept {
  const char* p = text.data();
  const std::size_t n = text.size();
  std::uint64_t w;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::memcpy(&w, p + i, 8);
    if (!word_is_plain(w)) return write_escaped_slowly(out, text, quotes);
    std::memcpy(out + i, &w, 8);
  }
  if (i < n) {
    std::memcpy(&w, p + n - 8, 8);
    if (!word_is_plain(w)) return write_escaped_slowly(out, text, quotes);
    std::memcpy(out + n - 8, &w, 8);
  }
  return out + n;
}

void append_json_escaped(std::string& out, std::string_view text, Quotes quotes) {
  const std::size_t at = out.size();
  out.resize(at + kJsonEscapeMaxGrowth * text.size());
  char* end = write_json_escaped(out.data() + at, text, quotes);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

}  // namespace authlens::text
