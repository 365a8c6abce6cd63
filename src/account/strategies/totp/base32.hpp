#pragma once
// RFC 4648 base32, the form in which authenticator apps take a TOTP secret.
#include <cstdint>
#include <span>
#include <string>

namespace authlens::account::totp {

// Upper-case RFC 4648 base32 without '=' padding: Google's Key URI Format asks for no padding,
// and people typing a secret by hand should not have to type it.
std::string base32_unpadded(std::span<const std::uint8_t> bytes);

}  // namespace authlens::account::totp
