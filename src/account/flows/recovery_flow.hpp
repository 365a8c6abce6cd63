#pragma once
// A forgotten password: a reset code mailed to the address (forgot), and a new password with it
// (reset), which ends every session and code; a second factor stays on, so the next login asks
// for it.
#include <string_view>

#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/strategies/password/password_strategy.hpp"

namespace authlens::account {

class RecoveryFlow {
 public:
  RecoveryFlow(const Kernel& kernel, const PasswordStrategy& password)
      : kernel_(kernel), password_(password) {}

  Status forgot(std::string_view email, const Client& client);
  Status reset(std::string_view email, std::string_view code, std::string_view new_password,
               const Client& client);

 private:
  const Kernel& kernel_;
  const PasswordStrategy& password_;
};

}  // namespace authlens::account
