#include "account/flows/password_change_flow.hpp"

#include "account/flow_errors.hpp"
#include "account/parts/mailing.hpp"
#include "account/parts/sign_in.hpp"
#include "account/secrets.hpp"
#include "account/throttle.hpp"
#include "mail/templates.hpp"

namespace authlens::account {

std::optional<int> PasswordChangeFlow::change_cooldown(ports::UnitOfWork& tx,
                                                       const Address& address,
                                                       std::int64_t now) const {
  // A change voids every outstanding code (the contract), so changes that follow each other
  // closely would void every code the owner asks for and keep them from recovering. After a
  // change, the next one waits for a code's lifetime: a code asked for after a change can
  // always be used. Resets and recoveries are never held back by it.
  const throttle::Limit once{1, kernel_.settings().code_ttl_s};
  const auto changes =
      tx.throttles().count_events(throttle::address_key(throttle::kPasswordChange, address.key),
                                  throttle::window_start(once, now));
  if (!throttle::reached(changes, once)) return std::nullopt;
  return throttle::seconds_until_free(changes, once, now);
}

Status PasswordChangeFlow::change_password(std::string_view token,
                                           std::string_view current_password,
                                           std::string_view replacement, std::string_view code,
                                           const Client& client) {
  return run_flow<Done>(kernel_, "change_password", [&]() -> Status {
    auto who = step_up_.caller(token);
    if (!who.ok()) return who.error();
    if (auto wait = change_cooldown(*kernel_.store().begin(), who.value().address, kernel_.now()))
      return errors::changed_moments_ago(*wait);
    std::optional<ports::AccountRecord> account;
    auto attempt = reserve_attempt(kernel_, who.value().address, client, &account);
    if (!attempt.ok()) return attempt.error();
    const auto check = step_up_.check_password(std::move(who.value()), current_password, client,
                                               attempt.value(), account);
    GiveBackIfInterrupted give_back(kernel_, check.attempt, check.password_ok);
    const auto& address = check.address;
    // The current password first, then the new one's strength (which may ask the breach
    // service): a weak one answers weak_password and counts as no failure.
    std::optional<Result<std::string>> password_nfkc;
    if (check.password_ok) password_nfkc = password_.new_password(replacement, address);
    const bool acceptable = password_nfkc && password_nfkc->ok();
    const std::string hash = acceptable ? password_.hash(password_nfkc->value()) : std::string();
    const auto now = kernel_.now();
    auto tx = kernel_.store().begin();
    tx->lock(StepUp::lock_of(check));
    if (auto proven = step_up_.confirm(*tx, check, token, code, client, now,
                                       errors::wrong_current_password());
        !proven.ok()) {
      tx->commit();
      return proven;
    }
    if (!acceptable) {
      tx->commit();
      return password_nfkc->error();
    }
    if (auto wait = change_cooldown(*tx, address, now)) {
      tx->commit();
      return errors::changed_moments_ago(*wait);
    }
    const auto account_id = check.session.account.id;
    tx->throttles().add_event(throttle::address_key(throttle::kPasswordChange, address.key), now);
    const auto keep = digest_token(token);
    tx->accounts().set_password_hash(account_id, hash);
    end_other_access(*tx, account_id, address, &keep);
    notify_owner(kernel_, *tx, address.text, mail::kind::kPasswordChanged, client, now);
    tx->commit();
    kernel_.mail_queued();
    kernel_.security(SecurityEventKind::kPasswordChanged, "ok", account_id, client, address.tag);
    return ok();
  });
}

}  // namespace authlens::account
