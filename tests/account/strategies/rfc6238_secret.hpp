#pragma once
// RFC 6238 appendix B's SHA-1 seed, shared by the TOTP tests (and, as base32, by
// features/bddsupport/totp.py's self-check).
#include <cstdint>
#include <string_view>

#include "account/strategies/totp/secret.hpp"

namespace authlens::account::totp::testing {

inline Secret rfc6238_secret() {
  constexpr std::string_view kSeed = "12345678901234567890";
  return *Secret::from_bytes({reinterpret_cast<const std::uint8_t*>(kSeed.data()), kSeed.size()});
}

}  // namespace authlens::account::totp::testing
