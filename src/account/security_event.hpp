#pragma once
// The security events (ASVS V7.1.3), one table: each kind's name (the log's `event` and the
// counter's label) and how loud it is. Flows name a kind; nothing else spells an event.
#include <cstdint>
#include <optional>
#include <string_view>

namespace authlens::account {

enum class SecurityEventKind {
  kSignupConfirmed,
  kLoginFailed,
  kPasswordCheckFailed,  // a wrong password on a change or a deletion
  kLockout,
  kPasswordChanged,
  kPasswordReset,
  kAccountDeleted,
  kCodeAttemptsExhausted,
  kMailBudgetExhausted,
  kSecondFactorEnabled,
  kSecondFactorDisabled,
  kSecondFactorFailed,
  kRecoveryCodeUsed,
  kRecoveryCodesRegenerated,
  kSessionRevoked,
  kPasskeyAdded,
  kPasskeyRemoved,
  kPasskeyLoginFailed,
  kPasskeyCloneSuspected,
  kGlobalCeilingReached,
};

enum class SecurityLevel { kInfo, kWarn };

struct SecurityEventInfo {
  std::string_view name;
  SecurityLevel level;
};

// The row of `kind` in the table (security_event.cpp).
const SecurityEventInfo& info(SecurityEventKind kind) noexcept;

// One security-relevant moment. Never carries the address itself: `address_tag` is a short
// keyed hash of it, enough to correlate lines about one address.
struct SecurityEvent {
  SecurityEventKind kind;
  std::string_view result;  // "ok" or the error code the caller got
  std::optional<std::int64_t> account_id;
  std::string_view client_address;
  std::string_view address_tag;
};

}  // namespace authlens::account
