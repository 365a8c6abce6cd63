#pragma once
// Turning an authenticator app on and off (POST /me/totp, /me/totp/confirm, DELETE /me/totp).
// Enrolment stays pending until a code from the app confirms it; confirming turns the second
// step on, hands out the recovery codes (shown once), ends every other session and tells the
// owner; turning it off needs the password and a code.
#include <string>
#include <string_view>
#include <vector>

#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/parts/step_up.hpp"
#include "account/strategies/recovery_code/recovery_code_factor.hpp"
#include "account/strategies/totp/totp_factor.hpp"

namespace authlens::account {

struct TotpEnrolment {
  std::string secret;       // base32, for typing into an app
  std::string otpauth_uri;  // for scanning
  std::string qr_svg;       // the URI as a QR code, an SVG document
};

class TotpEnrolmentFlow {
 public:
  TotpEnrolmentFlow(const Kernel& kernel, const StepUp& step_up, TotpFactor& totp,
                    const RecoveryCodeFactor& recovery_codes)
      : kernel_(kernel), step_up_(step_up), totp_(totp), recovery_codes_(recovery_codes) {}

  // A new pending secret (replacing a pending one); 409 while TOTP is on.
  Result<TotpEnrolment> begin(std::string_view token, std::string_view password,
                              const Client& client);
  // A code from the app turns it on; returns the recovery codes.
  Result<std::vector<std::string>> confirm(std::string_view token, std::string_view code,
                                           const Client& client);
  Status disable(std::string_view token, std::string_view password, std::string_view code,
                 const Client& client);

 private:
  const Kernel& kernel_;
  const StepUp& step_up_;
  TotpFactor& totp_;
  const RecoveryCodeFactor& recovery_codes_;
};

}  // namespace authlens::account
