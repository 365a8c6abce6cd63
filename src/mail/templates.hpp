#pragma once
// The messages authlens sends, rendered when they leave the outbox (so the table holds no text
// with a code in it). Codes stay out of subjects: subjects end up in logs, notification previews
// and mail-server logs, bodies don't.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mail/message.hpp"

namespace authlens::mail {

// What the outbox stores in `kind`.
namespace kind {
inline constexpr std::string_view kVerify = "verify";  // a code that confirms a new address
// A sign-up code for an address that already has an account: used, it sets a new password.
inline constexpr std::string_view kVerifyExisting = "verify_existing";
inline constexpr std::string_view kReset = "reset";  // a code that allows a new password
// A reset asked for an address without an account: a notice, no code.
inline constexpr std::string_view kResetUnknown = "reset_unknown";
// Security notices to an account's owner after a credential changed: what, when, from where, and
// what to do if it was not them. No link and no code, so a notice cannot be used to phish.
inline constexpr std::string_view kPasswordChanged = "password_changed";
inline constexpr std::string_view kPasswordReset = "password_reset";
inline constexpr std::string_view kPasswordSetBySignUp = "password_set_by_sign_up";
inline constexpr std::string_view kSecondFactorEnabled = "second_factor_enabled";
inline constexpr std::string_view kSecondFactorDisabled = "second_factor_disabled";
inline constexpr std::string_view kRecoveryCodeUsed = "recovery_code_used";
inline constexpr std::string_view kPasskeyAdded = "passkey_added";
inline constexpr std::string_view kPasskeyRemoved = "passkey_removed";
}  // namespace kind

bool carries_code(std::string_view kind) noexcept;

// What a notice says of the change: when it was asked for (Unix seconds) and by which client.
struct NoticeFacts {
  std::int64_t at = 0;
  std::string_view client_address;
};

// The message of `kind` to `recipient`; `code` is used when the kind carries one, and
// `code_valid_for` is what is left of its lifetime; a notice tells `facts`. nullopt for a kind
// this build does not know.
std::optional<Message> render(std::string_view kind, std::string_view recipient,
                              std::string_view code, std::chrono::seconds code_valid_for,
                              const NoticeFacts& facts = {});

// "2026-12-03 08:15 UTC".
std::string utc_minute_text(std::int64_t unix_seconds);

// "45 seconds", "1 minute", "10 minutes", "1 minute 30 seconds", "2 hours".
std::string lifetime_text(std::chrono::seconds lifetime);

}  // namespace authlens::mail
