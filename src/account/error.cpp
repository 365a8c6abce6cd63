#include "account/error.hpp"

namespace authlens::account {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
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
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kInvalidChallenge:
      return "invalid_challenge";
    case ErrorCode::kSecondFactorRequired:
      return "second_factor_required";
    case ErrorCode::kTotpAlreadyEnabled:
      return "totp_already_enabled";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kInvalidCredential:
      return "invalid_credential";
    case ErrorCode::kUnavailable:
      return "unavailable";
  }
  return "unavailable";
}

}  // namespace authlens::account
