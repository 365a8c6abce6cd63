// The flows where a mailed code proves an address: register, resend and forgot send one;
// confirm and reset take one. Each does the same work for an unknown, an unconfirmed and a
// confirmed address (same reads, same writes, one mail queued), so neither answers nor timing
// tell them apart; only the wording of the mail, which only the address's owner reads, differs.
#include <algorithm>

#include "account/flow_errors.hpp"
#include "account/secrets.hpp"
#include "account/service_flow.hpp"
#include "account/throttle.hpp"
#include "mail/templates.hpp"

namespace authlens::account {
namespace {

bool six_digits(std::string_view code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view code_scope(store::CodePurpose purpose) {
  return purpose == store::CodePurpose::kVerify ? throttle::kVerifyCode : throttle::kResetCode;
}

// Each purpose has its own cooldown, so a reset request never silences a sign-up code.
std::string_view cooldown_scope(store::CodePurpose purpose) {
  return purpose == store::CodePurpose::kVerify ? throttle::kVerifyCooldown
                                                : throttle::kResetCooldown;
}

// The message a code request sends: which one depends on whether an account exists, and each
// purpose has two, so a newer mail of either supersedes an older one of either.
struct MailKinds {
  std::string_view chosen;
  std::string_view other;
};
MailKinds mail_kinds(store::CodePurpose purpose, bool account_exists) {
  namespace kind = mail::kind;
  if (purpose == store::CodePurpose::kVerify)
    return account_exists ? MailKinds{kind::kVerifyExisting, kind::kVerify}
                          : MailKinds{kind::kVerify, kind::kVerifyExisting};
  return account_exists ? MailKinds{kind::kReset, kind::kResetUnknown}
                        : MailKinds{kind::kResetUnknown, kind::kReset};
}

}  // namespace

Status AccountService::send_code(const Address& address, store::CodePurpose purpose,
                                 const Client& client, bool quiet_in_cooldown) {
  const auto now = deps_.clock.now();
  const throttle::Limit budget{settings_.mail_budget_per_client, settings_.mail_budget_window_s};
  const throttle::Limit cooldown{1, settings_.mail_cooldown_s};
  const auto budget_key = throttle::client_key(throttle::kMail, client.key);
  const auto cooldown_key = throttle::address_key(cooldown_scope(purpose), address.key);

  auto tx = deps_.store.begin();
  tx->lock(throttle::client_lock(client.key));
  tx->lock(throttle::address_lock(address.key));
  const auto sent_by_client = tx->count_events(budget_key, throttle::window_start(budget, now));
  if (throttle::reached(sent_by_client, budget))
    return errors::mail_budget(throttle::seconds_until_free(sent_by_client, budget, now));
  const auto sent_to_address =
      tx->count_events(cooldown_key, throttle::window_start(cooldown, now));
  if (throttle::reached(sent_to_address, cooldown)) {
    // Register answers as if it sent: the code already in the inbox does the job.
    if (quiet_in_cooldown) return ok();
    return errors::mail_cooldown(throttle::seconds_until_free(sent_to_address, cooldown, now));
  }
  // Counted from the request, whatever becomes of the mail: an outage, a slow relay or a
  // rejected recipient cannot make room for more codes.
  tx->add_event(budget_key, now);
  tx->add_event(cooldown_key, now);

  // Every address gets a live code, mailed or not (a reset for an address without an account
  // mails a notice instead): wrong tries then count alike for every kind of address.
  const bool account_exists = tx->find_account_by_email(address.text).has_value();
  const std::string code = make_code(address);
  tx->put_code(address.key, purpose,
               store::Code{digest_code(server_key_, address.key, purpose, code), now,
                           now + settings_.code_ttl_s});
  const auto kinds = mail_kinds(purpose, account_exists);
  store::OutgoingMail mail;
  mail.recipient = address.text;
  mail.kind = std::string(kinds.chosen);
  mail.sealed_code = seal_.seal(code, mail.recipient, mail.kind);
  mail.code_ttl_s = settings_.code_ttl_s;
  queue_mail(*tx, std::move(mail), kinds.other, now);
  tx->commit();
  mail_queued();
  if (sent_by_client.count + 1 == budget.max)
    security("mail_budget_exhausted", "rate_limited", std::nullopt, client, address);
  return ok();
}

Status AccountService::take_code(const Address& address, store::CodePurpose purpose,
                                 std::string_view code, const Client& client) {
  const auto now = deps_.clock.now();
  const auto window = settings_.code_failure_window_s;
  const throttle::Limit per_client{settings_.max_code_failures_per_client, window};
  const throttle::Limit per_address{settings_.max_code_failures_per_address, window};
  const throttle::Limit per_code{settings_.max_tries_per_code, window};
  const auto client_key = throttle::client_key(throttle::kCode, client.key);
  const auto address_key = throttle::address_key(throttle::kCode, address.key);
  const auto code_key = throttle::address_key(code_scope(purpose), address.key);

  auto tx = deps_.store.begin();
  tx->lock(throttle::client_lock(client.key));
  tx->lock(throttle::address_lock(address.key));
  const auto since = throttle::window_start(per_client, now);  // one window for all three
  const auto by_client = tx->count_events(client_key, since);
  if (throttle::reached(by_client, per_client))
    return errors::too_many_codes(throttle::seconds_until_free(by_client, per_client, now));
  const auto by_address = tx->count_events(address_key, since);
  if (throttle::reached(by_address, per_address))
    return errors::too_many_codes(throttle::seconds_until_free(by_address, per_address, now));
  const auto stored = tx->find_code(address.key, purpose);
  // The live code's tries: those since it was issued (or in the window, when there is none).
  const auto on_code = tx->count_events(code_key, std::max(since, stored ? stored->issued_at : 0));
  if (throttle::reached(on_code, per_code)) {
    // Only a new code helps; say when one can be asked for.
    const throttle::Limit cooldown{1, settings_.mail_cooldown_s};
    const auto requested =
        tx->count_events(throttle::address_key(cooldown_scope(purpose), address.key),
                         throttle::window_start(cooldown, now));
    return errors::too_many_codes(throttle::seconds_until_free(requested, cooldown, now));
  }

  const bool good =
      stored && stored->expires_at > now && six_digits(code) &&
      digests_equal(stored->hash, digest_code(server_key_, address.key, purpose, code));
  if (good) {
    tx->delete_code(address.key, purpose);  // single use, even under a race: we hold the lock
    tx->commit();
    return ok();
  }
  tx->add_event(client_key, now);
  tx->add_event(address_key, now);
  tx->add_event(code_key, now);
  tx->commit();
  // This try was evaluated (so it answers invalid_code); the next one will be refused.
  if (on_code.count + 1 >= per_code.max || by_address.count + 1 >= per_address.max ||
      by_client.count + 1 >= per_client.max)
    security("code_attempts_exhausted", "too_many_attempts", std::nullopt, client, address);
  return errors::invalid_code();
}

Status AccountService::register_account(std::string_view email, std::string_view password,
                                        const Client& client) {
  return flow<Done>("register", [&]() -> Status {
    const auto address = address_of(email);
    if (!address) return errors::invalid_email();
    // Checked for the caller's sake only: nothing is stored, the confirmation sets the password.
    if (auto checked = new_password(password, *address); !checked.ok()) return checked.error();
    return send_code(*address, store::CodePurpose::kVerify, client, /*quiet_in_cooldown=*/true);
  });
}

Status AccountService::resend(std::string_view email, const Client& client) {
  return flow<Done>("resend", [&]() -> Status {
    const auto address = address_of(email);
    if (!address) return errors::invalid_email();
    return send_code(*address, store::CodePurpose::kVerify, client, /*quiet_in_cooldown=*/false);
  });
}

Status AccountService::forgot(std::string_view email, const Client& client) {
  return flow<Done>("forgot", [&]() -> Status {
    const auto address = address_of(email);
    if (!address) return errors::invalid_email();
    return send_code(*address, store::CodePurpose::kReset, client, /*quiet_in_cooldown=*/false);
  });
}

Result<LoginGrant> AccountService::confirm(std::string_view email, std::string_view code,
                                           std::string_view password, const Client& client) {
  return flow<LoginGrant>("confirm", [&]() -> Result<LoginGrant> {
    const auto address = address_of(email);
    if (!address) return errors::invalid_email();
    // The password first: a weak one must not use up the code.
    auto password_nfkc = new_password(password, *address);
    if (!password_nfkc.ok()) return password_nfkc.error();
    if (auto taken = take_code(*address, store::CodePurpose::kVerify, code, client); !taken.ok())
      return taken.error();
    // The code proved the address: whoever holds it sets the password, for a new account or an
    // existing one (whose other sessions end).
    const std::string hash = hash_password(password_nfkc.value());
    const auto now = deps_.clock.now();
    auto tx = deps_.store.begin();
    tx->lock(throttle::address_lock(address->key));
    std::int64_t id = 0;
    if (const auto account = tx->find_account_by_email(address->text)) {
      id = account->id;
      tx->set_password_hash(id, hash);
      tx->delete_sessions_of(id, nullptr);
      tx->clear_events(throttle::address_key(throttle::kLogin, address->key));
    } else {
      id = tx->insert_account(address->text, hash, now);
    }
    auto grant = sign_in(*tx, id, now);
    tx->commit();
    security("signup_confirmed", "ok", id, client, *address);
    return grant;
  });
}

Status AccountService::reset(std::string_view email, std::string_view code,
                             std::string_view new_password_raw, const Client& client) {
  return flow<Done>("reset", [&]() -> Status {
    const auto address = address_of(email);
    if (!address) return errors::invalid_email();
    auto password_nfkc = new_password(new_password_raw, *address);
    if (!password_nfkc.ok()) return password_nfkc.error();
    if (auto taken = take_code(*address, store::CodePurpose::kReset, code, client); !taken.ok())
      return taken;
    const std::string hash = hash_password(password_nfkc.value());
    auto tx = deps_.store.begin();
    tx->lock(throttle::address_lock(address->key));
    const auto account = tx->find_account_by_email(address->text);
    // No account: the code was never mailed (a notice was), so only a guess got here.
    if (!account) return errors::invalid_code();
    tx->set_password_hash(account->id, hash);
    tx->delete_sessions_of(account->id, nullptr);
    tx->clear_events(throttle::address_key(throttle::kLogin, address->key));
    tx->commit();
    security("password_reset", "ok", account->id, client, *address);
    return ok();
  });
}

}  // namespace authlens::account
