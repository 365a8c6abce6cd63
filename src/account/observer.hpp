#pragma once
// What the domain reports, for metrics and the security log; the app wires it to Prometheus and
// the logger. Names and results come from fixed sets, so metric labels stay bounded.
#include <cstdint>
#include <optional>
#include <string_view>

namespace authlens::account {

// One security-relevant moment (ASVS V7.1.3): a confirmed sign-up, a failed login, a lockout
// engaging, a password changed or reset, an account deleted, a code's or address's tries running
// out, a client's mail budget running out. Never carries the address itself: `address_tag` is a
// short keyed hash of it, enough to correlate lines about one address.
struct SecurityEvent {
  std::string_view name;    // signup_confirmed, login_failed, lockout, password_changed,
                            // password_reset, account_deleted, code_attempts_exhausted,
                            // mail_budget_exhausted
  std::string_view result;  // "ok" or the error code the caller got
  std::optional<std::int64_t> account_id;
  std::string_view client_address;
  std::string_view address_tag;
};

class AccountObserver {
 public:
  virtual ~AccountObserver() = default;
  // Once per flow. event: register, confirm, resend, login, logout, me, forgot, reset,
  // change_password, delete; result: "ok" or the error code.
  virtual void on_event(std::string_view event, std::string_view result) = 0;
  // operation: "hash" or "verify".
  virtual void on_password_hash(std::string_view operation, double seconds) = 0;
  virtual void on_security_event(const SecurityEvent& event) = 0;
};

}  // namespace authlens::account
