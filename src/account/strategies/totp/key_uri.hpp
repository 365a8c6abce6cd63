#pragma once
// The otpauth:// URI an authenticator app scans to enrol (Google's Key URI Format).
#include <optional>
#include <string>
#include <string_view>

#include "account/strategies/totp/secret.hpp"

namespace authlens::account::totp {

// otpauth://totp/<issuer>:<account>?secret=<base32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30
// with issuer and account percent-encoded (RFC 3986: everything but unreserved characters, so an
// address's '@' and '+' and a space are %40, %2B, %20). The issuer appears in both places, as the
// format recommends, so old apps (label prefix) and new ones (parameter) agree.
// nullopt when either is empty or contains a colon: the format forbids a colon in either, even
// encoded, because apps split the label on it.
std::optional<std::string> key_uri(const Secret& secret, std::string_view issuer,
                                   std::string_view account);

}  // namespace authlens::account::totp
