#pragma once
// Last line of defence for "never a password, code or token in a log": fields whose key names a
// secret are written as "[REDACTED]" whatever the caller passed.
#include <array>
#include <string_view>

namespace authlens::log {

inline constexpr std::string_view kRedacted = "[REDACTED]";

namespace detail {
constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }
constexpr bool icontains(std::string_view haystack, std::string_view needle) noexcept {
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && ascii_lower(haystack[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}
}  // namespace detail

// True for keys containing password, passwd, secret, token, authorization, cookie or api_key
// (case-insensitive), and for keys whose last dotted segment is exactly "code" (a verification
// code; `http.response.status_code` stays visible). constexpr: a literal key is judged once, at
// compile time (field.hpp).
constexpr bool is_secret_key(std::string_view key) noexcept {
  constexpr std::array<std::string_view, 7> kSecretWords = {
      "password", "passwd", "secret", "token", "authorization", "cookie", "api_key"};
  for (auto word : kSecretWords)
    if (detail::icontains(key, word)) return true;
  const auto dot = key.rfind('.');
  const auto last = dot == std::string_view::npos ? key : key.substr(dot + 1);
  return last.size() == 4 && detail::icontains(last, "code");
}

}  // namespace authlens::log
