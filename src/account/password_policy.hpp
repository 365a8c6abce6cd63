#pragma once
#include <string_view>

namespace authlens::account {

inline constexpr std::size_t kMinPasswordChars = 8;
inline constexpr std::size_t kMaxPasswordChars = 1024;

// NIST SP 800-63B: length is the rule, not composition. Counted in Unicode code points of
// well-formed UTF-8, so "8 characters" means what a person typed.
bool acceptable_password(std::string_view password) noexcept;

// Code points in well-formed UTF-8, or -1 when the bytes are not well-formed.
long utf8_length(std::string_view text) noexcept;

}  // namespace authlens::account
