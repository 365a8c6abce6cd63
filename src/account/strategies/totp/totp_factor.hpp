#pragma once
// TOTP (RFC 6238) as a second factor: an authenticator app's six digits, the current step and
// one either side, each step accepted at most once per account (the credential's counter holds
// the last step used; a compare-and-set in the acting unit of work, so of two racing requests
// with one code exactly one wins). The secret waits sealed, bound to its account.
#include <optional>

#include "account/kernel.hpp"
#include "account/strategies/second_factor.hpp"
#include "account/strategies/totp/secret.hpp"
#include "crypto/sealed_box.hpp"

namespace authlens::account {

inline constexpr std::string_view kTotpMethod = "totp";

class TotpFactor final : public SecondFactor {
 public:
  explicit TotpFactor(const Kernel& kernel);

  std::string_view method() const override { return kTotpMethod; }
  bool primary() const override { return true; }
  bool usable(const ports::AccountRecord& account) const override;
  bool check(ports::UnitOfWork& tx, const ports::AccountRecord& account, std::string_view code,
             const Client& client, std::int64_t now) override;

  // Checks `code` against one credential's secret and, when right and newer than its last step,
  // records the step (compare-and-set); what `state` it then has is the caller's.
  bool accept(ports::UnitOfWork& tx, ports::CredentialRecord credential, std::int64_t account_id,
              std::string_view code, std::int64_t now, std::string_view state) const;

  ports::Bytes seal(const totp::Secret& secret, std::int64_t account_id) const;
  std::optional<totp::Secret> open(const ports::Bytes& sealed, std::int64_t account_id) const;

 private:
  const Kernel& kernel_;
  crypto::SealedBox box_;
};

}  // namespace authlens::account
