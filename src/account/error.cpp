#include "account/error.hpp"

namespace authlens::account {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kInvalidRequest:
      return "invalid_request";
    case ErrorCode::kInvalidEmail:
      return "invalid_email";
    case ErrorCode::kWeakPassword:
      return "weak_password";
    case ErrorCode::kInvalidCode:
      return "invalid_code";
    case ErrorCode::kTooManyAttempts:
      return "too_many_attempts";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kInvalidCredentials:
      return "invalid_credentials";
    case ErrorCode::kEmailNotVerified:
      return "email_not_verified";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kOverloaded:
      return "overloaded";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace authlens::account
