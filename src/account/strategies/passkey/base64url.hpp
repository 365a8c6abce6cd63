#pragma once
// base64url without padding (RFC 4648 §5): how WebAuthn's JSON carries bytes (L3 §5.1.x
// *JSON types) and how a passkey's id appears in paths.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authlens::account::passkey {

std::string to_base64url(const std::vector<std::uint8_t>& bytes);
// nullopt for anything but unpadded base64url, or more than `max_bytes` once decoded.
std::optional<std::vector<std::uint8_t>> from_base64url(std::string_view text,
                                                        std::size_t max_bytes = 65536);

}  // namespace authlens::account::passkey
