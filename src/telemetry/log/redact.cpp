#include "telemetry/log/redact.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace authlens::log {
namespace {

bool icontains(std::string_view haystack, std::string_view needle) noexcept {
  const auto it =
      std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                  [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != haystack.end();
}

}  // namespace

bool is_secret_key(std::string_view key) noexcept {
  static constexpr std::array<std::string_view, 7> kSecretWords = {
      "password", "passwd", "secret", "token", "authorization", "cookie", "api_key"};
  for (auto word : kSecretWords)
    if (icontains(key, word)) return true;
  const auto dot = key.rfind('.');
  const auto last = dot == std::string_view::npos ? key : key.substr(dot + 1);
  return last.size() == 4 && icontains(last, "code");
}

}  // namespace authlens::log
