#include "account/strategies/recovery_code/recovery_codes_flow.hpp"

#include "account/flow_errors.hpp"

namespace authlens::account {

Result<std::vector<std::string>> RecoveryCodesFlow::regenerate(std::string_view token,
                                                               std::string_view password,
                                                               std::string_view code,
                                                               const Client& client) {
  return run_flow<std::vector<std::string>>(
      kernel_, "recovery_codes", [&]() -> Result<std::vector<std::string>> {
        auto check = step_up_.check_password(token, password, client);
        if (!check.ok()) return check.error();
        const auto now = kernel_.now();
        auto tx = kernel_.store().begin();
        tx->lock(StepUp::lock_of(check.value()));
        if (auto proven = step_up_.confirm(*tx, check.value(), token, code, client, now,
                                           errors::wrong_password());
            !proven.ok()) {
          tx->commit();
          return proven.error();
        }
        const auto account_id = check.value().session.account.id;
        // Recovery codes stand in for a second factor: without one on, there is nothing to
        // recover (and step-up asked for no code).
        if (!factors_.on(check.value().session.account)) {
          tx->commit();
          return fail(ErrorCode::kSecondFactorRequired,
                      "Recovery codes come with a second factor: turn one on first.");
        }
        auto codes = recovery_codes_.issue(*tx, account_id, now);
        tx->commit();
        kernel_.security(SecurityEventKind::kRecoveryCodesRegenerated, "ok", account_id, client,
                         check.value().address.tag);
        return codes;
      });
}

}  // namespace authlens::account
