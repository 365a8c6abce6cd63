#pragma once
// The domain's errors: a stable code (the contract's `code`) and a human detail. The HTTP layer
// maps codes to statuses in one table; nothing else interprets them.
#include <string>
#include <string_view>

namespace authlens::account {

enum class ErrorCode {
  kInvalidRequest,  // the body is JSON but not the expected shape
  kInvalidEmail,
  kWeakPassword,
  kInvalidCode,
  kTooManyAttempts,  // code attempts exhausted or login throttled
  kRateLimited,      // mail cooldown
  kInvalidCredentials,
  kEmailNotVerified,
  kUnauthorized,  // missing, unknown, expired or revoked token; wrong current password
  kOverloaded,    // hashing pool full
  kUnavailable,   // storage unreachable
  kInternal,
};

std::string_view to_string(ErrorCode code) noexcept;

struct Error {
  ErrorCode code;
  std::string detail;
  int retry_after_seconds = 0;  // > 0 when the client should wait (429, 503)
};

}  // namespace authlens::account
