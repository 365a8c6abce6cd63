#pragma once
// Last line of defence for "never a password, code or token in a log": fields whose key names a
// secret are written as "[REDACTED]" whatever the caller passed.
#include <string_view>

namespace authlens::log {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// True for keys containing password, passwd, secret, token, authorization, cookie or api_key
// (case-insensitive), and for keys whose last dotted segment is exactly "code" (a verification
// code; `http.response.status_code` stays visible).
bool is_secret_key(std::string_view key) noexcept;

}  // namespace authlens::log
