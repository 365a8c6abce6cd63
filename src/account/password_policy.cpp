#include "account/password_policy.hpp"

#include <cstdint>

namespace authlens::account {

long utf8_length(std::string_view text) noexcept {
  long count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (lead < 0x80) {
      len = 1;
      cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      len = 2;
      cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      len = 3;
      cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      len = 4;
      cp = lead & 0x07;
    } else {
      return -1;
    }
    if (i + len > text.size()) return -1;
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return -1;
      cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not well-formed.
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    i += len;
    ++count;
  }
  return count;
}

std::string_view describe(PasswordProblem problem) noexcept {
  switch (problem) {
    case PasswordProblem::kNone:
      return "";
    case PasswordProblem::kMalformed:
      return "The password is not valid UTF-8 text.";
    case PasswordProblem::kTooShort:
      return "The password is too short.";
    case PasswordProblem::kTooLong:
      return "The password is longer than 1024 characters.";
    case PasswordProblem::kGuessable:
      return "The password is too easy to guess.";
    case PasswordProblem::kContext:
      return "The password is made from the address or the service's name.";
    case PasswordProblem::kBreached:
      return "The password appears in known data breaches.";
  }
  return "";
}

PasswordPolicy::PasswordPolicy(PasswordRules rules, const BreachedPasswords* breached)
    : rules_(rules), breached_(breached) {}

std::optional<std::string> PasswordPolicy::normalize(std::string_view raw) {
  if (raw.size() > 4 * 4096 || utf8_length(raw) < 0) return std::nullopt;
  return std::string(raw);
}

PasswordProblem PasswordPolicy::check(std::string_view normalized, std::string_view) const {
  const long chars = utf8_length(normalized);
  if (chars < 0) return PasswordProblem::kMalformed;
  if (chars < static_cast<long>(rules_.min_chars)) return PasswordProblem::kTooShort;
  if (chars > static_cast<long>(rules_.max_chars)) return PasswordProblem::kTooLong;
  if (breached_ != nullptr && breached_->contains(normalized).value_or(false))
    return PasswordProblem::kBreached;
  return PasswordProblem::kNone;
}

}  // namespace authlens::account
