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

bool acceptable_password(std::string_view password) noexcept {
  if (password.size() < kMinPasswordChars) return false;
  if (password.size() > 4 * kMaxPasswordChars) return false;  // cheap bound before decoding
  const long chars = utf8_length(password);
  return chars >= static_cast<long>(kMinPasswordChars) &&
         chars <= static_cast<long>(kMaxPasswordChars);
}

}  // namespace authlens::account
