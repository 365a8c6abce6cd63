#include "account/security_event.hpp"

#include <array>

namespace authlens::account {
namespace {

using enum SecurityLevel;

// In the enum's order (checked below).
constexpr std::array<SecurityEventInfo, 20> kTable{{
    {"signup_confirmed", kInfo},        {"login_failed", kInfo},
    {"password_check_failed", kWarn},   {"lockout", kWarn},
    {"password_changed", kInfo},        {"password_reset", kInfo},
    {"account_deleted", kInfo},         {"code_attempts_exhausted", kWarn},
    {"mail_budget_exhausted", kWarn},   {"second_factor_enabled", kInfo},
    {"second_factor_disabled", kWarn},  {"second_factor_failed", kWarn},
    {"recovery_code_used", kWarn},      {"recovery_codes_regenerated", kInfo},
    {"session_revoked", kInfo},         {"passkey_added", kInfo},
    {"passkey_removed", kWarn},         {"passkey_login_failed", kWarn},
    {"passkey_clone_suspected", kWarn}, {"global_ceiling_reached", kWarn},
}};
static_assert(static_cast<std::size_t>(SecurityEventKind::kGlobalCeilingReached) + 1 ==
              kTable.size());
static_assert(kTable[static_cast<std::size_t>(SecurityEventKind::kSessionRevoked)].name ==
              "session_revoked");

}  // namespace

const SecurityEventInfo& info(SecurityEventKind kind) noexcept {
  return kTable[static_cast<std::size_t>(kind)];
}

}  // namespace authlens::account
