#pragma once
// Signing in: a first factor (the password), then, when the account has a second factor, a
// second step that any usable second-factor strategy can complete. The session records which
// methods signed it in and its assurance level. This flow knows no strategy by name: it asks
// SecondFactors.
#include <string_view>

#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/parts/sign_in.hpp"
#include "account/strategies/password/password_strategy.hpp"
#include "account/strategies/second_factor.hpp"

namespace authlens::account {

class LoginFlow {
 public:
  LoginFlow(const Kernel& kernel, const PasswordStrategy& password, const SecondFactors& factors)
      : kernel_(kernel), password_(password), factors_(factors) {}

  // A token, or for an account with a second factor the second step. Wrong passwords answer
  // alike for every address, known or not.
  Result<SignInOutcome> login(std::string_view email, std::string_view password,
                              const Client& client);

  // The second step: `code` for the factor named `method`. Wrong codes count toward the
  // address's and the client's lockout and the challenge's own limit, exactly (checked and
  // counted under the locks).
  Result<LoginGrant> second_step(std::string_view challenge, std::string_view method,
                                 std::string_view code, const Client& client);

 private:
  const Kernel& kernel_;
  const PasswordStrategy& password_;
  const SecondFactors& factors_;
};

}  // namespace authlens::account
