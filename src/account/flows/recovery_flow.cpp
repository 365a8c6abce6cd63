#include "account/flows/recovery_flow.hpp"

#include "account/flow_errors.hpp"
#include "account/parts/code_proof.hpp"
#include "account/parts/mailing.hpp"
#include "account/parts/sign_in.hpp"
#include "account/throttle.hpp"
#include "mail/templates.hpp"

namespace authlens::account {

Status RecoveryFlow::forgot(std::string_view email, const Client& client) {
  return run_flow<Done>(kernel_, "forgot", [&]() -> Status {
    const auto address = address_of(kernel_, email);
    if (!address) return errors::invalid_email();
    return send_code(kernel_, *address, ports::CodePurpose::kReset, client,
                     /*quiet_in_cooldown=*/false);
  });
}

Status RecoveryFlow::reset(std::string_view email, std::string_view code,
                           std::string_view new_password, const Client& client) {
  return run_flow<Done>(kernel_, "reset", [&]() -> Status {
    const auto address = address_of(kernel_, email);
    if (!address) return errors::invalid_email();
    auto proof = check_code(kernel_, *address, ports::CodePurpose::kReset, code, client);
    if (!proof.ok()) return proof.error();
    auto password_nfkc = password_.new_password(new_password, *address);
    if (!password_nfkc.ok()) return password_nfkc.error();
    const std::string hash = password_.hash(password_nfkc.value());
    const auto now = kernel_.now();
    auto tx = kernel_.store().begin();
    tx->lock(throttle::address_lock(address->key));
    if (!code_still_live(*tx, *address, proof.value(), now)) return errors::invalid_code();
    const auto account = tx->accounts().find_account_by_email(address->text);
    // No account: the code was never mailed (a notice was), so only a guess got here.
    if (!account) return errors::invalid_code();
    tx->accounts().set_password_hash(account->id, hash);
    end_other_access(*tx, account->id, *address, nullptr);
    notify_owner(kernel_, *tx, address->text, mail::kind::kPasswordReset, client, now);
    tx->commit();
    kernel_.mail_queued();
    kernel_.security(SecurityEventKind::kPasswordReset, "ok", account->id, client, address->tag);
    return ok();
  });
}

}  // namespace authlens::account
