#pragma once
// Signing up: an address proves itself with a mailed code before an account exists
// (register, resend), and the code, not registration, decides the password (confirm). For an
// address that already has an account, confirming is a recovery: the new password, every other
// session and code ended, the owner told, and for an account with a second factor a second step
// instead of a token (an email code alone never signs in to it).
#include <string_view>

#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/parts/sign_in.hpp"
#include "account/strategies/password/password_strategy.hpp"
#include "account/strategies/second_factor.hpp"

namespace authlens::account {

class AddressProofFlow {
 public:
  AddressProofFlow(const Kernel& kernel, const PasswordStrategy& password,
                   const SecondFactors& factors)
      : kernel_(kernel), password_(password), factors_(factors) {}

  Status register_account(std::string_view email, std::string_view password, const Client& client);
  Status resend(std::string_view email, const Client& client);
  Result<SignInOutcome> confirm(std::string_view email, std::string_view code,
                                std::string_view password, const Client& client);

 private:
  const Kernel& kernel_;
  const PasswordStrategy& password_;
  const SecondFactors& factors_;
};

}  // namespace authlens::account
