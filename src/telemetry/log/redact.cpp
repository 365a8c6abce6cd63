#include "telemetry/log/redact.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>

namespace authlens::log {
namespace {

bool icontains(std::string_view haystack, std::string_view needle) noexcept {
  const auto it =
      std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                  [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != haystack.end();
}

bool scan_for_secret_words(std::string_view key) noexcept {
  static constexpr std::array<std::string_view, 7> kSecretWords = {
      "password", "passwd", "secret", "token", "authorization", "cookie", "api_key"};
  for (auto word : kSecretWords)
    if (icontains(key, word)) return true;
  const auto dot = key.rfind('.');
  const auto last = dot == std::string_view::npos ? key : key.substr(dot + 1);
  return last.size() == 4 && icontains(last, "code");
}

}  // namespace

// Keys are nearly always string literals from a handful of call sites, so each thread
// remembers verdicts in a small table found by the key's address and checked by its text: a
// hit costs one short compare instead of seven case-insensitive scans, and a miss (or a
// run-time key that reuses an address) just scans again.
bool is_secret_key(std::string_view key) noexcept {
  struct Verdict {
    std::string text;
    bool secret = false;
  };
  thread_local std::array<Verdict, 64> cache{};
  Verdict& v = cache[(reinterpret_cast<std::uintptr_t>(key.data()) >> 3) % cache.size()];
  if (!v.text.empty() && v.text == key) return v.secret;
  const bool secret = scan_for_secret_words(key);
  try {
    v.text.assign(key);
    v.secret = secret;
  } catch (...) {  // out of memory: answer without caching
    v.text.clear();
  }
  return secret;
}

}  // namespace authlens::log
