#include "breach/range_response.hpp"

#include <algorithm>

namespace authlens::breach {
namespace {

constexpr std::size_t kSuffixHexDigits = 35;
constexpr std::size_t kMaxCountDigits = 12;  // counts are in the millions today

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}
char upper(char c) noexcept { return (c >= 'a' && c <= 'f') ? static_cast<char>(c - 32) : c; }

bool same_suffix(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return upper(x) == upper(y); });
}

}  // namespace

RangeVerdict find_suffix(std::string_view body, std::string_view suffix) noexcept {
  bool found = false;
  std::size_t lines = 0;
  while (!body.empty()) {
    const auto newline = body.find('\n');
    std::string_view line = body.substr(0, newline);
    body = newline == std::string_view::npos ? std::string_view{} : body.substr(newline + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty() && body.empty()) break;  // a final line break

    const auto colon = line.find(':');
    if (colon != kSuffixHexDigits) return RangeVerdict::kMalformed;
    const std::string_view hash = line.substr(0, colon);
    const std::string_view count = line.substr(colon + 1);
    if (!std::all_of(hash.begin(), hash.end(), is_hex) || count.empty() ||
        count.size() > kMaxCountDigits ||
        !std::all_of(count.begin(), count.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return RangeVerdict::kMalformed;
    ++lines;
    const bool padding = count.find_first_not_of('0') == std::string_view::npos;
    if (!padding && same_suffix(hash, suffix)) found = true;
  }
  if (lines == 0) return RangeVerdict::kMalformed;
  return found ? RangeVerdict::kFound : RangeVerdict::kNotFound;
}

}  // namespace authlens::breach
