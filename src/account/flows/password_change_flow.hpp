#pragma once
// Changing the password while signed in: the current one (and the second factor's code when one
// is on), a strong new one, and then every other session and code ends and the owner is told.
#include <string_view>

#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/parts/step_up.hpp"
#include "account/strategies/password/password_strategy.hpp"

namespace authlens::account {

class PasswordChangeFlow {
 public:
  PasswordChangeFlow(const Kernel& kernel, const StepUp& step_up, const PasswordStrategy& password)
      : kernel_(kernel), step_up_(step_up), password_(password) {}

  Status change_password(std::string_view token, std::string_view current_password,
                         std::string_view new_password, std::string_view code,
                         const Client& client);

 private:
  // Seconds to wait before the password of `address` may be changed again; nullopt: now.
  std::optional<int> change_cooldown(ports::UnitOfWork& tx, const Address& address,
                                     std::int64_t now) const;

  const Kernel& kernel_;
  const StepUp& step_up_;
  const PasswordStrategy& password_;
};

}  // namespace authlens::account
