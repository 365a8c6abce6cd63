#pragma once
// The seam between the flows and the ways of proving who you are after the password: each
// second factor (totp/, recovery_code/, …) is a strategy behind this interface, registered once
// in SecondFactors. The login flow, the step-up checks and GET /me ask the registry; they know
// no strategy by name, so a new factor is a new folder, not an edit to them.
#include <string>
#include <string_view>
#include <vector>

#include "account/client.hpp"
#include "account/ports/unit_of_work.hpp"

namespace authlens::account {

class SecondFactor {
 public:
  virtual ~SecondFactor() = default;
  // The method's name in sessions, challenges and the API ("totp", "recovery_code").
  virtual std::string_view method() const = 0;
  // A factor that turns the second step on by itself (TOTP), rather than a backup that only
  // stands in for one (recovery codes).
  virtual bool primary() const = 0;
  // Whether the account can use it, from the account's credential summary (no statement).
  virtual bool usable(const ports::AccountRecord& account) const = 0;
  // Checks `code` inside `tx` (the caller holds the account's address lock) and uses it up when
  // right (a TOTP step, a recovery code), so it works once even under a race.
  virtual bool check(ports::UnitOfWork& tx, const ports::AccountRecord& account,
                     std::string_view code, const Client& client, std::int64_t now) = 0;
};

class SecondFactors {
 public:
  void add(SecondFactor& factor) { factors_.push_back(&factor); }

  // The account has a second factor on: passwords alone no longer sign in.
  bool on(const ports::AccountRecord& account) const;
  // The methods that can complete the account's second step, in registration order.
  std::vector<std::string> methods_for(const ports::AccountRecord& account) const;
  // The factor named `method` when the account can use it, else null.
  SecondFactor* usable(std::string_view method, const ports::AccountRecord& account) const;
  // The first usable factor that accepts `code` (a TOTP code or a recovery code alike), or null.
  SecondFactor* check_any(ports::UnitOfWork& tx, const ports::AccountRecord& account,
                          std::string_view code, const Client& client, std::int64_t now) const;

 private:
  std::vector<SecondFactor*> factors_;
};

// The count of active credentials of `type` in an account's summary ("recovery_code:10,totp:1").
int credential_count(const ports::AccountRecord& account, std::string_view type);

}  // namespace authlens::account
