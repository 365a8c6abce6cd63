#include "account/flows/deletion_flow.hpp"

#include "account/flow_errors.hpp"

namespace authlens::account {

Status DeletionFlow::delete_account(std::string_view token, std::string_view password,
                                    std::string_view code, const Client& client) {
  return run_flow<Done>(kernel_, "delete", [&]() -> Status {
    auto check = step_up_.check_password(token, password, client);
    if (!check.ok()) return check.error();
    GiveBackIfInterrupted give_back(kernel_, check.value().attempt, check.value().password_ok);
    const auto now = kernel_.now();
    auto tx = kernel_.store().begin();
    tx->lock(StepUp::lock_of(check.value()));
    if (auto proven = step_up_.confirm(*tx, check.value(), token, code, client, now,
                                       errors::wrong_password());
        !proven.ok()) {
      tx->commit();
      return proven;
    }
    const auto& address = check.value().address;
    const auto account_id = check.value().session.account.id;
    // The account with its sessions and credentials, its codes, and mail to it not yet sent.
    tx->accounts().delete_account(account_id);
    tx->codes().delete_codes(address.key);
    tx->outbox().delete_mail_to(address.text);
    tx->commit();
    kernel_.security(SecurityEventKind::kAccountDeleted, "ok", account_id, client, address.tag);
    return ok();
  });
}

}  // namespace authlens::account
