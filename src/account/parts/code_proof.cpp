#include "account/parts/code_proof.hpp"

#include <algorithm>

#include "account/flow_errors.hpp"
#include "account/parts/mailing.hpp"
#include "account/secrets.hpp"
#include "account/throttle.hpp"
#include "mail/templates.hpp"

namespace authlens::account {
namespace {

using ports::CodePurpose;

bool six_digits(std::string_view code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view code_scope(CodePurpose purpose) {
  return purpose == CodePurpose::kVerify ? throttle::kVerifyCode : throttle::kResetCode;
}

// Each purpose has its own cooldown, so a reset request never silences a sign-up code.
std::string_view cooldown_scope(CodePurpose purpose) {
  return purpose == CodePurpose::kVerify ? throttle::kVerifyCooldown : throttle::kResetCooldown;
}

// The message a code request sends: which one depends on whether an account exists, and each
// purpose has two, so a newer mail of either supersedes an older one of either.
struct MailKinds {
  std::string_view chosen;
  std::string_view other;
};
MailKinds mail_kinds(CodePurpose purpose, bool account_exists) {
  namespace kind = mail::kind;
  if (purpose == CodePurpose::kVerify)
    return account_exists ? MailKinds{kind::kVerifyExisting, kind::kVerify}
                          : MailKinds{kind::kVerify, kind::kVerifyExisting};
  return account_exists ? MailKinds{kind::kReset, kind::kResetUnknown}
                        : MailKinds{kind::kResetUnknown, kind::kReset};
}

std::string make_code(const Kernel& kernel, const Address& address) {
  const auto& settings = kernel.settings();
  if (settings.test_email && settings.test_code && *settings.test_email == address.text)
    return *settings.test_code;
  return new_code();
}

throttle::Limit mail_budget(const Kernel& kernel) {
  return {kernel.settings().mail_budget_per_client, kernel.settings().mail_budget_window_s};
}

}  // namespace

Status check_mail_budget(const Kernel& kernel, const Address& address, const Client& client) {
  const auto now = kernel.now();
  const auto budget = mail_budget(kernel);
  auto tx = kernel.store().begin();
  tx->lock(throttle::client_lock(client.key));
  tx->lock(throttle::address_lock(address.key));
  const auto sent = tx->throttles().count_events(throttle::client_key(throttle::kMail, client.key),
                                                 throttle::window_start(budget, now));
  if (throttle::reached(sent, budget))
    return errors::mail_budget(throttle::seconds_until_free(sent, budget, now));
  return ok();
}

Status send_code(const Kernel& kernel, const Address& address, CodePurpose purpose,
                 const Client& client, bool quiet_in_cooldown) {
  const auto& settings = kernel.settings();
  const auto now = kernel.now();
  const auto budget = mail_budget(kernel);
  const throttle::Limit cooldown{1, settings.mail_cooldown_s};
  const auto budget_key = throttle::client_key(throttle::kMail, client.key);
  const auto cooldown_key = throttle::address_key(cooldown_scope(purpose), address.key);

  auto tx = kernel.store().begin();
  tx->lock(throttle::client_lock(client.key));
  tx->lock(throttle::address_lock(address.key));
  auto& ledger = tx->throttles();
  const auto sent_by_client = ledger.count_events(budget_key, throttle::window_start(budget, now));
  if (throttle::reached(sent_by_client, budget))
    return errors::mail_budget(throttle::seconds_until_free(sent_by_client, budget, now));
  const auto sent_to_address =
      ledger.count_events(cooldown_key, throttle::window_start(cooldown, now));
  if (throttle::reached(sent_to_address, cooldown)) {
    // Register answers as if it sent: the code already in the inbox does the job.
    if (quiet_in_cooldown) return ok();
    return errors::mail_cooldown(throttle::seconds_until_free(sent_to_address, cooldown, now));
  }
  if (auto room = kernel.take(kernel.mail_requests(), "mail_requests", client); !room.ok())
    return room;
  // Counted from the request, whatever becomes of the mail: an outage, a slow relay or a
  // rejected recipient cannot make room for more codes.
  ledger.add_event(budget_key, now);
  ledger.add_event(cooldown_key, now);

  // Every address gets a live code, mailed or not (a reset for an address without an account
  // mails a notice instead): wrong tries then count alike for every kind of address.
  const bool account_exists = tx->accounts().find_account_by_email(address.text).has_value();
  const bool asked_before = tx->codes().find_code(address.key, purpose).has_value();
  const std::string code = make_code(kernel, address);
  tx->codes().put_code(
      address.key, purpose,
      ports::CodeRecord{digest_code(kernel.server_key(), address.key, purpose, code), now,
                        now + settings.code_ttl_s});
  const auto kinds = mail_kinds(purpose, account_exists);
  ports::OutgoingMail mail;
  mail.recipient = address.text;
  mail.kind = std::string(kinds.chosen);
  mail.sealed_code = kernel.code_seal().seal(code, mail.recipient, mail.kind);
  mail.code_ttl_s = settings.code_ttl_s;
  mail.client_address = std::string(client.address);
  // The outbox serves clients in turn and, in a backlog, an account's own mail first, then an
  // address asked for again, then a first mail to an address nobody asked for before.
  mail.client_key = std::string(client.key);
  mail.priority = account_exists ? ports::MailPriority::kAccount
                  : asked_before ? ports::MailPriority::kNormal
                                 : ports::MailPriority::kStranger;
  queue_mail(kernel, *tx, std::move(mail), kinds.other, now);
  tx->commit();
  kernel.mail_queued();
  if (sent_by_client.count + 1 == budget.max)
    kernel.security(SecurityEventKind::kMailBudgetExhausted, "rate_limited", std::nullopt, client,
                    address.tag);
  return ok();
}

Result<CodeProof> check_code(const Kernel& kernel, const Address& address, CodePurpose purpose,
                             std::string_view code, const Client& client) {
  const auto& settings = kernel.settings();
  const auto now = kernel.now();
  const auto window = settings.code_failure_window_s;
  const throttle::Limit per_client{settings.max_code_failures_per_client, window};
  const throttle::Limit per_address{settings.max_code_failures_per_address, window};
  const throttle::Limit per_code{settings.max_tries_per_code, window};
  const auto client_key = throttle::client_key(throttle::kCode, client.key);
  const auto address_key = throttle::address_key(throttle::kCode, address.key);
  const auto code_key = throttle::address_key(code_scope(purpose), address.key);

  auto tx = kernel.store().begin();
  tx->lock(throttle::client_lock(client.key));
  tx->lock(throttle::address_lock(address.key));
  auto& ledger = tx->throttles();
  const auto since = throttle::window_start(per_client, now);  // one window for all three
  const auto by_client = ledger.count_events(client_key, since);
  if (throttle::reached(by_client, per_client))
    return errors::too_many_codes(throttle::seconds_until_free(by_client, per_client, now));
  const auto by_address = ledger.count_events(address_key, since);
  if (throttle::reached(by_address, per_address))
    return errors::too_many_codes(throttle::seconds_until_free(by_address, per_address, now));
  const auto stored = tx->codes().find_code(address.key, purpose);
  // The live code's tries: those since it was issued (or in the window, when there is none).
  const auto on_code =
      ledger.count_events(code_key, std::max(since, stored ? stored->issued_at : 0));
  if (throttle::reached(on_code, per_code)) {
    // Only a new code helps; say when one can be asked for.
    const throttle::Limit cooldown{1, settings.mail_cooldown_s};
    const auto requested =
        ledger.count_events(throttle::address_key(cooldown_scope(purpose), address.key),
                            throttle::window_start(cooldown, now));
    return errors::too_many_codes(throttle::seconds_until_free(requested, cooldown, now));
  }

  // Past every per-key limit: now it costs the replica's hourly ceiling of code checks.
  if (auto room = kernel.take(kernel.code_checks(), "code_checks", client); !room.ok())
    return room.error();
  const bool good =
      stored && stored->expires_at > now && six_digits(code) &&
      digests_equal(stored->hash, digest_code(kernel.server_key(), address.key, purpose, code));
  if (good) return CodeProof{*stored, purpose};
  ledger.add_event(client_key, now);
  ledger.add_event(address_key, now);
  ledger.add_event(code_key, now);
  tx->commit();
  // This try was evaluated (so it answers invalid_code); the next one will be refused.
  if (on_code.count + 1 >= per_code.max || by_address.count + 1 >= per_address.max ||
      by_client.count + 1 >= per_client.max)
    kernel.security(SecurityEventKind::kCodeAttemptsExhausted, "too_many_attempts", std::nullopt,
                    client, address.tag);
  return errors::invalid_code();
}

bool code_still_live(ports::UnitOfWork& tx, const Address& address, const CodeProof& proof,
                     std::int64_t now) {
  const auto stored = tx.codes().find_code(address.key, proof.purpose);
  return stored && stored->expires_at > now && stored->issued_at == proof.code.issued_at &&
         digests_equal(stored->hash, proof.code.hash);
}

}  // namespace authlens::account
