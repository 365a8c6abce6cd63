#pragma once
// The domain's errors: a stable code (the contract's `code`) and a human detail. The HTTP layer
// maps codes to statuses in one table; nothing else interprets them.
#include <string>
#include <string_view>

namespace authlens::account {

enum class ErrorCode {
  kInvalidEmail,
  kWeakPassword,
  kInvalidCode,
  kTooManyAttempts,  // code attempts exhausted or login throttled
  kRateLimited,      // mail cooldown
  kInvalidCredentials,
  kUnauthorized,          // missing, unknown, expired or revoked token; wrong current password
  kInvalidChallenge,      // a login's second step: unknown, used, expired or exhausted
  kSecondFactorRequired,  // a sensitive change needs the second factor's code too
  kTotpAlreadyEnabled,    // enrolment asked for while TOTP is on
  kNotFound,              // not one of the caller's (a session id)
  kInvalidCredential,     // a passkey ceremony that fails any check (unknown credential alike)
  kUnavailable,           // storage unreachable
};

std::string_view to_string(ErrorCode code) noexcept;

struct Error {
  ErrorCode code;
  std::string detail;
  int retry_after_seconds = 0;  // > 0 when the client should wait (429, 503)
};

}  // namespace authlens::account
