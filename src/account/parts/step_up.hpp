#pragma once
// Proving it is really the owner before a sensitive change (a new password, turning a factor
// off, new recovery codes, deleting the account): the password, and with a second factor on, a
// code of it too. The password is checked outside any lock (Argon2); everything else, and what
// the change does, inside the acting unit of work.
#include <optional>
#include <string_view>

#include "account/address.hpp"
#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/parts/attempts.hpp"
#include "account/parts/bearer.hpp"
#include "account/strategies/password/password_strategy.hpp"
#include "account/strategies/second_factor.hpp"

namespace authlens::account {

// The signed-in caller: their session and their account's address.
struct Caller {
  ports::SessionRecord session;
  Address address;
};

struct StepUpCheck {
  ports::SessionRecord session;
  Address address;
  Attempt attempt;
  bool password_ok = false;
};

class StepUp {
 public:
  StepUp(const Kernel& kernel, Bearer& bearer, const PasswordStrategy& password,
         const SecondFactors& factors)
      : kernel_(kernel), bearer_(bearer), password_(password), factors_(factors) {}

  // The caller behind `token`, or unauthorized.
  Result<Caller> caller(std::string_view token) const;
  // A try reserved against the lockout (which read `account` under its locks), and the caller's
  // password checked against that account's hash (the bearer lookup carries none).
  StepUpCheck check_password(Caller caller, std::string_view password, const Client& client,
                             const Attempt& attempt,
                             const std::optional<ports::AccountRecord>& account) const;
  // Both: the caller, the try reserved (or 429), the password checked.
  Result<StepUpCheck> check_password(std::string_view token, std::string_view password,
                                     const Client& client) const;

  // Inside the acting unit of work, once it holds the address's lock: settles the try; checks
  // the session is still live on the same credentials, and with a second factor on, that `code`
  // is one of it (used up). On an error the caller commits (the failure is recorded) and answers
  // it; `wrong_password` is what a wrong password answers.
  Status confirm(ports::UnitOfWork& tx, const StepUpCheck& check, std::string_view token,
                 std::string_view code, const Client& client, std::int64_t now,
                 const Error& wrong_password) const;

  // The address lock the acting unit of work takes.
  static std::string lock_of(const StepUpCheck& check);

 private:
  const Kernel& kernel_;
  Bearer& bearer_;
  const PasswordStrategy& password_;
  const SecondFactors& factors_;
};

}  // namespace authlens::account
