#include "account/flows/address_proof_flow.hpp"

#include "account/flow_errors.hpp"
#include "account/parts/code_proof.hpp"
#include "account/parts/mailing.hpp"
#include "account/throttle.hpp"
#include "mail/templates.hpp"

namespace authlens::account {

Status AddressProofFlow::register_account(std::string_view email, std::string_view password,
                                          const Client& client) {
  return run_flow<Done>(kernel_, "register", [&]() -> Status {
    const auto address = address_of(kernel_, email);
    if (!address) return errors::invalid_email();
    // The budget first (a client that spent it gets nothing, not even a strength check), then
    // the password's strength, for the caller's sake only: nothing is stored, the confirmation
    // sets the password.
    if (auto budget = check_mail_budget(kernel_, *address, client); !budget.ok()) return budget;
    if (auto checked = password_.new_password(password, *address); !checked.ok())
      return checked.error();
    return send_code(kernel_, *address, ports::CodePurpose::kVerify, client,
                     /*quiet_in_cooldown=*/true);
  });
}

Status AddressProofFlow::resend(std::string_view email, const Client& client) {
  return run_flow<Done>(kernel_, "resend", [&]() -> Status {
    const auto address = address_of(kernel_, email);
    if (!address) return errors::invalid_email();
    return send_code(kernel_, *address, ports::CodePurpose::kVerify, client,
                     /*quiet_in_cooldown=*/false);
  });
}

Result<SignInOutcome> AddressProofFlow::confirm(std::string_view email, std::string_view code,
                                                std::string_view password, const Client& client) {
  return run_flow<SignInOutcome>(kernel_, "confirm", [&]() -> Result<SignInOutcome> {
    const auto address = address_of(kernel_, email);
    if (!address) return errors::invalid_email();
    // The code first (bounded by its limits), then the password's strength (which may ask the
    // breach service): a weak password keeps the code.
    auto proof = check_code(kernel_, *address, ports::CodePurpose::kVerify, code, client);
    if (!proof.ok()) return proof.error();
    auto password_nfkc = password_.new_password(password, *address);
    if (!password_nfkc.ok()) return password_nfkc.error();
    const std::string hash = password_.hash(password_nfkc.value());
    const auto now = kernel_.now();
    auto tx = kernel_.store().begin();
    tx->lock(throttle::address_lock(address->key));
    // Another request used the code, or a newer one replaced it, while this one hashed.
    if (!code_still_live(*tx, *address, proof.value(), now)) return errors::invalid_code();
    auto& accounts = tx->accounts();
    const auto existing = accounts.find_account_by_email(address->text);
    SignInOutcome outcome;
    std::int64_t id = 0;
    if (existing) {
      id = existing->id;
      accounts.set_password_hash(existing->id, hash);
      end_other_access(*tx, existing->id, *address, nullptr);
      notify_owner(kernel_, *tx, address->text, mail::kind::kPasswordSetBySignUp, client, now);
      const auto account = accounts.find_account_by_id(existing->id);
      if (factors_.on(*account)) {
        outcome = open_second_step(kernel_, *tx, *account, kPasswordMethod,
                                   factors_.methods_for(*account), now);
      } else {
        outcome = issue_session(kernel_, *tx, existing->id, client, kPasswordMethod, kAal1, now);
      }
    } else {
      id = accounts.insert_account(address->text, hash, now);
      tx->codes().delete_codes(address->key);
      outcome = issue_session(kernel_, *tx, id, client, kPasswordMethod, kAal1, now);
    }
    tx->commit();
    if (existing) kernel_.mail_queued();
    kernel_.security(
        existing ? SecurityEventKind::kPasswordReset : SecurityEventKind::kSignupConfirmed, "ok",
        id, client, address->tag);
    return outcome;
  });
}

}  // namespace authlens::account
