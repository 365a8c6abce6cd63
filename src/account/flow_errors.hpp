#pragma once
// The errors the flows answer, each worded once.
#include <string>

#include "account/result.hpp"

namespace authlens::account::errors {

inline Error invalid_email() {
  return fail(ErrorCode::kInvalidEmail, "Not a valid email address.");
}
inline Error invalid_code() {
  return fail(ErrorCode::kInvalidCode, "The code is wrong, expired or used.");
}
inline Error too_many_codes(int wait_s) {
  return fail(ErrorCode::kTooManyAttempts,
              "Too many wrong codes; request a new code, or try again later.", wait_s);
}
inline Error too_many_passwords(int wait_s) {
  return fail(ErrorCode::kTooManyAttempts, "Too many wrong passwords; try again later.", wait_s);
}
inline Error mail_cooldown(int wait_s) {
  return fail(ErrorCode::kRateLimited, "A code was sent moments ago; wait before asking again.",
              wait_s);
}
inline Error mail_budget(int wait_s) {
  return fail(ErrorCode::kRateLimited, "Too many mails asked for from this address; try later.",
              wait_s);
}
inline Error global_ceiling(int wait_s) {
  return fail(ErrorCode::kRateLimited, "The service is busier than it allows; try again later.",
              wait_s);
}
inline Error changed_moments_ago(int wait_s) {
  return fail(ErrorCode::kTooManyAttempts,
              "The password was changed moments ago; wait, or reset it with a mailed code.",
              wait_s);
}
inline Error invalid_credentials() {
  return fail(ErrorCode::kInvalidCredentials, "The email or password is wrong.");
}
inline Error wrong_password() { return fail(ErrorCode::kUnauthorized, "The password is wrong."); }
inline Error wrong_current_password() {
  return fail(ErrorCode::kUnauthorized, "The current password is wrong.");
}
inline Error no_session() {
  return fail(ErrorCode::kUnauthorized, "A valid bearer token is required.");
}
inline Error weak_password(std::string detail) {
  return fail(ErrorCode::kWeakPassword, std::move(detail));
}
inline Error invalid_challenge() {
  return fail(ErrorCode::kInvalidChallenge,
              "The sign-in step is unknown, used or expired; sign in again with the password.");
}
inline Error second_factor_required() {
  return fail(ErrorCode::kSecondFactorRequired,
              "This account has a second factor: send its code (or a recovery code) too.");
}
inline Error totp_already_enabled() {
  return fail(ErrorCode::kTotpAlreadyEnabled,
              "An authenticator app is already on; turn it off first to set up another.");
}
inline Error session_not_found() {
  return fail(ErrorCode::kNotFound, "There is no such session of yours.");
}

}  // namespace authlens::account::errors
