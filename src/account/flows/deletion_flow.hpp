#pragma once
// Deleting one's own account: the password (and the second factor's code when one is on), then
// the account, its sessions, credentials, codes and unsent mail are gone.
#include <string_view>

#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/parts/step_up.hpp"

namespace authlens::account {

class DeletionFlow {
 public:
  DeletionFlow(const Kernel& kernel, const StepUp& step_up) : kernel_(kernel), step_up_(step_up) {}

  Status delete_account(std::string_view token, std::string_view password, std::string_view code,
                        const Client& client);

 private:
  const Kernel& kernel_;
  const StepUp& step_up_;
};

}  // namespace authlens::account
