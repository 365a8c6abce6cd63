#pragma once
// The messages authlens sends, rendered when they leave the outbox (so the table holds no text
// with a code in it). Codes stay out of subjects: subjects end up in logs, notification previews
// and mail-server logs, bodies don't.
#include <chrono>
#include <optional>
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
}  // namespace kind

bool carries_code(std::string_view kind) noexcept;

// The message of `kind` to `recipient`; `code` is used when the kind carries one, and
// `code_valid_for` is what is left of its lifetime. nullopt for a kind this build does not know.
std::optional<Message> render(std::string_view kind, std::string_view recipient,
                              std::string_view code, std::chrono::seconds code_valid_for);

// "45 seconds", "1 minute", "10 minutes", "1 minute 30 seconds", "2 hours".
std::string lifetime_text(std::chrono::seconds lifetime);

}  // namespace authlens::mail
