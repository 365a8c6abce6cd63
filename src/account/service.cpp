#include "account/service.hpp"

namespace authlens::account {

// The parts in the order they depend on each other; the second factors are registered once,
// and the flows ask the registry (a new factor: one line here, one folder under strategies/).
AccountService::AccountService(Dependencies deps, AccountSettings settings)
    : kernel_({deps.store, deps.clock, deps.tracer, deps.observer, std::move(deps.on_mail_queued)},
              std::move(settings)),
      password_(kernel_, deps.hasher, deps.policy),
      totp_factor_(kernel_),
      recovery_code_factor_(kernel_),
      factors_(),
      bearer_(kernel_),
      step_up_(kernel_, bearer_, password_, factors_),
      address_proof_(kernel_, password_, factors_),
      login_(kernel_, password_, factors_),
      recovery_(kernel_, password_),
      password_change_(kernel_, step_up_, password_),
      deletion_(kernel_, step_up_),
      sessions_(kernel_, bearer_),
      totp_enrolment_(kernel_, step_up_, totp_factor_, recovery_code_factor_),
      recovery_codes_flow_(kernel_, step_up_, factors_, recovery_code_factor_),
      passkeys_(kernel_, step_up_) {
  factors_.add(totp_factor_);
  factors_.add(recovery_code_factor_);
}

}  // namespace authlens::account
