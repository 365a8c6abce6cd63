#pragma once
// A new set of recovery codes (POST /me/recovery-codes): the password and a second-factor code,
// then the old set is void and the new one shown once.
#include <string>
#include <string_view>
#include <vector>

#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/parts/step_up.hpp"
#include "account/strategies/recovery_code/recovery_code_factor.hpp"

namespace authlens::account {

class RecoveryCodesFlow {
 public:
  RecoveryCodesFlow(const Kernel& kernel, const StepUp& step_up, const SecondFactors& factors,
                    const RecoveryCodeFactor& recovery_codes)
      : kernel_(kernel), step_up_(step_up), factors_(factors), recovery_codes_(recovery_codes) {}

  Result<std::vector<std::string>> regenerate(std::string_view token, std::string_view password,
                                              std::string_view code, const Client& client);

 private:
  const Kernel& kernel_;
  const StepUp& step_up_;
  const SecondFactors& factors_;
  const RecoveryCodeFactor& recovery_codes_;
};

}  // namespace authlens::account
