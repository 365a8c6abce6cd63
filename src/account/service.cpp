#include "account/service.hpp"

#include <chrono>

#include "account/email_address.hpp"
#include "account/password_policy.hpp"
#include "account/secrets.hpp"
#include "mail/templates.hpp"
#include "telemetry/trace/runtime_context.hpp"
#include "telemetry/trace/traceparent.hpp"
#include "telemetry/trace/tracer.hpp"

namespace authlens::account {
namespace {

constexpr std::string_view kVerifyMail = "verify";
constexpr std::string_view kResetMail = "reset";
constexpr std::string_view kNoticeMail = "notice";

std::string account_key(std::int64_t id) { return "account:" + std::to_string(id); }
std::string client_key(std::string_view address) { return "client:" + std::string(address); }

bool six_digits(std::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  return true;
}

int seconds_left(std::int64_t until, std::int64_t now) {
  return static_cast<int>(std::max<std::int64_t>(1, until - now));
}

// The errors each flow can answer, worded once.
Error invalid_code() {
  return fail(ErrorCode::kInvalidCode, "The code is wrong, expired or used.");
}
Error code_exhausted() {
  return fail(ErrorCode::kTooManyAttempts, "Too many wrong codes; request a new one.");
}
Error invalid_email() { return fail(ErrorCode::kInvalidEmail, "Not a valid email address."); }
Error weak_password() {
  return fail(ErrorCode::kWeakPassword, "Passwords are 8 to 1024 characters long.");
}
Error no_session() { return fail(ErrorCode::kUnauthorized, "A valid bearer token is required."); }

}  // namespace

AccountService::AccountService(Dependencies deps, AccountSettings settings)
    : deps_(std::move(deps)),
      settings_(std::move(settings)),
      server_key_(deps_.store.server_key()) {}

template <typename T>
Result<T> AccountService::report(std::string_view event, Result<T> result) {
  if (deps_.observer != nullptr)
    deps_.observer->on_event(event, result.ok() ? "ok" : to_string(result.error().code));
  return result;
}

std::string AccountService::hash_password(std::string_view password) {
  trace::ScopedSpan span(deps_.tracer, "password.hash", trace::SpanKind::kInternal);
  span->set_attribute("authlens.argon2.algorithm", "argon2id");
  const auto start = std::chrono::steady_clock::now();
  auto hash = deps_.hasher.hash(password);
  if (deps_.observer != nullptr)
    deps_.observer->on_password_hash(
        "hash", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return hash;
}

bool AccountService::verify_password(std::string_view stored_hash, std::string_view password) {
  trace::ScopedSpan span(deps_.tracer, "password.verify", trace::SpanKind::kInternal);
  const auto start = std::chrono::steady_clock::now();
  const bool good = deps_.hasher.verify(stored_hash, password);
  if (deps_.observer != nullptr)
    deps_.observer->on_password_hash(
        "verify", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return good;
}

void AccountService::verify_dummy(std::string_view password) {
  trace::ScopedSpan span(deps_.tracer, "password.verify", trace::SpanKind::kInternal);
  deps_.hasher.verify_dummy(password);
}

std::string AccountService::make_code(std::string_view email) const {
  if (settings_.test_email && settings_.test_code && *settings_.test_email == email)
    return *settings_.test_code;
  return new_code();
}

void AccountService::queue_mail(store::Transaction& tx, store::OutgoingMail mail,
                                std::int64_t now) {
  trace::ScopedSpan span(deps_.tracer, "mail.enqueue", trace::SpanKind::kProducer);
  span->set_attribute("authlens.mail.kind", mail.kind);
  const auto& context = trace::current_span_context();
  if (context.is_valid()) {
    mail.traceparent = trace::format_traceparent(context);
    mail.tracestate = context.trace_state;
  }
  tx.delete_pending_mail(mail.recipient, mail.kind);
  tx.enqueue_mail(mail, now);
}

std::chrono::minutes AccountService::code_lifetime() const {
  return std::chrono::minutes(std::max<std::int64_t>(1, settings_.code_ttl_s / 60));
}

void AccountService::issue_code(store::Transaction& tx, const store::Account& account,
                                store::CodePurpose purpose, std::int64_t now) {
  const std::string code = make_code(account.email);
  tx.put_code(store::Code{account.id, purpose, digest_code(server_key_, account.id, purpose, code),
                          now + settings_.code_ttl_s, 0});
  queue_mail(tx,
             purpose == store::CodePurpose::kVerify
                 ? mail::compose_verification(account.email, code, code_lifetime())
                 : mail::compose_reset(account.email, code, code_lifetime()),
             now);
}

bool AccountService::in_cooldown(store::Transaction& tx, std::string_view email,
                                 std::string_view kind, std::int64_t now, std::int64_t* wait_s) {
  const auto last = tx.last_mail_sent_at(email, kind);
  if (!last || *last + settings_.mail_cooldown_s <= now) return false;
  if (wait_s != nullptr) *wait_s = *last + settings_.mail_cooldown_s - now;
  return true;
}

void AccountService::mail_queued() {
  if (deps_.on_mail_queued) deps_.on_mail_queued();
}

Status AccountService::register_account(std::string_view email, std::string_view password) {
  const auto address = normalize_email(email);
  if (!address) return report<Done>("register", invalid_email());
  if (!acceptable_password(password)) return report<Done>("register", weak_password());
  // Hash before looking the address up, so known and unknown addresses take the same time.
  const std::string hash = hash_password(password);
  const auto now = deps_.clock.now();
  auto tx = deps_.store.begin();
  bool queued = false;
  if (auto account = tx->find_account_by_email(*address)) {
    if (account->verified) {
      // Tell the owner instead of revealing to the caller that the address is taken.
      if (!in_cooldown(*tx, *address, kNoticeMail, now)) {
        queue_mail(*tx, mail::compose_account_exists_notice(*address), now);
        queued = true;
      }
    } else {
      // Unconfirmed: whoever confirms the address gets the password set last.
      tx->set_password_hash(account->id, hash);
      if (!in_cooldown(*tx, *address, kVerifyMail, now)) {
        issue_code(*tx, *account, store::CodePurpose::kVerify, now);
        queued = true;
      }
    }
  } else {
    store::Account created{tx->insert_account(*address, hash, now), *address, hash, false, now};
    issue_code(*tx, created, store::CodePurpose::kVerify, now);
    queued = true;
  }
  tx->commit();
  if (queued) mail_queued();
  return report<Done>("register", ok());
}

Status AccountService::check_code(store::Transaction& tx, const store::Account& account,
                                  store::CodePurpose purpose, std::string_view code,
                                  std::int64_t now) {
  auto stored = tx.find_code(account.id, purpose);
  if (!stored) return invalid_code();
  if (stored->attempts >= settings_.max_code_attempts) return code_exhausted();
  if (stored->expires_at <= now) return invalid_code();
  const bool good =
      six_digits(code) &&
      digests_equal(stored->hash, digest_code(server_key_, account.id, purpose, code));
  if (good) return ok();
  const int attempts = stored->attempts + 1;
  tx.set_code_attempts(account.id, purpose, attempts);
  if (attempts >= settings_.max_code_attempts) return code_exhausted();
  return invalid_code();
}

Status AccountService::confirm(std::string_view email, std::string_view code) {
  const auto address = normalize_email(email);
  if (!address) return report<Done>("confirm", invalid_code());
  const auto now = deps_.clock.now();
  auto tx = deps_.store.begin();
  const auto account = tx->find_account_by_email(*address);
  if (!account || account->verified) return report<Done>("confirm", invalid_code());
  auto checked = check_code(*tx, *account, store::CodePurpose::kVerify, code, now);
  if (checked.ok()) {
    tx->mark_verified(account->id);
    tx->delete_code(account->id, store::CodePurpose::kVerify);
  }
  tx->commit();  // also keeps a wrong attempt counted
  return report("confirm", std::move(checked));
}

Status AccountService::resend(std::string_view email) {
  const auto address = normalize_email(email);
  if (!address) return report<Done>("resend", invalid_email());
  const auto now = deps_.clock.now();
  auto tx = deps_.store.begin();
  const auto account = tx->find_account_by_email(*address);
  if (!account || account->verified) return report<Done>("resend", ok());  // nothing to send
  std::int64_t wait_s = 0;
  if (in_cooldown(*tx, *address, kVerifyMail, now, &wait_s))
    return report<Done>("resend", fail(ErrorCode::kRateLimited,
                                       "A code was sent moments ago; wait before asking again.",
                                       static_cast<int>(wait_s)));
  issue_code(*tx, *account, store::CodePurpose::kVerify, now);
  tx->commit();
  mail_queued();
  return report<Done>("resend", ok());
}

Result<LoginGrant> AccountService::login(std::string_view email, std::string_view password,
                                         std::string_view client_address) {
  const auto invalid = [] {
    return fail(ErrorCode::kInvalidCredentials, "The email or password is wrong.");
  };
  const auto address = normalize_email(email);
  if (!address || password.empty() || password.size() > 4 * kMaxPasswordChars) {
    verify_dummy(password.substr(0, 4 * kMaxPasswordChars));
    return report<LoginGrant>("login", invalid());
  }
  const auto now = deps_.clock.now();
  const auto since = now - settings_.login_window_s;
  const std::string client = client_key(client_address);
  std::optional<store::Account> account;
  {
    // Short transaction: the throttle verdict and the account; no hashing while it is open.
    auto tx = deps_.store.begin();
    const auto by_client = tx->failures_since(client, since);
    if (by_client.count >= settings_.max_failures_per_client) {
      return report<LoginGrant>(
          "login", fail(ErrorCode::kTooManyAttempts, "Too many failed logins; try again later.",
                        seconds_left(by_client.oldest_at + settings_.login_window_s, now)));
    }
    account = tx->find_account_by_email(*address);
    if (account) {
      const auto by_account = tx->failures_since(account_key(account->id), since);
      if (by_account.count >= settings_.max_failures_per_account) {
        return report<LoginGrant>(
            "login", fail(ErrorCode::kTooManyAttempts, "Too many failed logins; try again later.",
                          seconds_left(by_account.oldest_at + settings_.login_window_s, now)));
      }
    }
    tx->commit();
  }
  const bool good =
      account ? verify_password(account->password_hash, password) : (verify_dummy(password), false);
  // Rehash before the transaction opens: no hashing while holding the write lock.
  std::optional<std::string> rehashed;
  if (good && account->verified && deps_.hasher.needs_rehash(account->password_hash))
    rehashed = hash_password(password);
  auto tx = deps_.store.begin();
  if (!good) {
    tx->record_failure(client, now);
    if (account) tx->record_failure(account_key(account->id), now);
    tx->commit();
    return report<LoginGrant>("login", invalid());
  }
  if (!account->verified) {
    return report<LoginGrant>(
        "login", fail(ErrorCode::kEmailNotVerified, "Confirm your email address first."));
  }
  if (rehashed) tx->set_password_hash(account->id, *rehashed);
  tx->clear_failures(account_key(account->id));
  LoginGrant grant{new_access_token(), settings_.token_ttl_s};
  tx->insert_session(digest_token(grant.access_token), account->id, now,
                     now + settings_.token_ttl_s);
  tx->commit();
  return report<LoginGrant>("login", std::move(grant));
}

std::optional<store::Session> AccountService::session_for(std::string_view token) {
  if (token.empty() || token.size() > 256) return std::nullopt;
  return deps_.store.find_session(digest_token(token), deps_.clock.now());
}

Status AccountService::logout(std::string_view token) {
  if (!session_for(token)) return report<Done>("logout", no_session());
  auto tx = deps_.store.begin();
  const bool removed = tx->delete_session(digest_token(token));
  tx->commit();
  return report<Done>("logout", removed ? ok() : Status(no_session()));
}

Result<Profile> AccountService::me(std::string_view token) {
  auto session = session_for(token);
  if (!session) return no_session();
  return Profile{std::move(session->account.email), session->account.verified,
                 session->account.created_at};
}

Status AccountService::forgot(std::string_view email) {
  const auto address = normalize_email(email);
  if (!address) return report<Done>("forgot", invalid_email());
  const auto now = deps_.clock.now();
  auto tx = deps_.store.begin();
  const auto account = tx->find_account_by_email(*address);
  // Unknown addresses and repeated requests answer the same, and send nothing.
  if (!account || in_cooldown(*tx, *address, kResetMail, now)) return report<Done>("forgot", ok());
  issue_code(*tx, *account, store::CodePurpose::kReset, now);
  tx->commit();
  mail_queued();
  return report<Done>("forgot", ok());
}

Status AccountService::reset(std::string_view email, std::string_view code,
                             std::string_view new_password) {
  if (!acceptable_password(new_password)) return report<Done>("reset", weak_password());
  const auto address = normalize_email(email);
  if (!address) return report<Done>("reset", invalid_code());
  const auto now = deps_.clock.now();
  {
    // Check the code before paying for a hash; the attempt counts either way.
    auto tx = deps_.store.begin();
    const auto account = tx->find_account_by_email(*address);
    if (!account) return report<Done>("reset", invalid_code());
    auto checked = check_code(*tx, *account, store::CodePurpose::kReset, code, now);
    tx->commit();
    if (!checked.ok()) return report("reset", std::move(checked));
  }
  const std::string hash = hash_password(new_password);
  auto tx = deps_.store.begin();
  const auto account = tx->find_account_by_email(*address);
  // Check again inside the writing transaction: the code is single use, even under a race.
  if (!account) return report<Done>("reset", invalid_code());
  auto checked = check_code(*tx, *account, store::CodePurpose::kReset, code, now);
  if (!checked.ok()) {
    tx->commit();
    return report("reset", std::move(checked));
  }
  tx->set_password_hash(account->id, hash);
  tx->delete_code(account->id, store::CodePurpose::kReset);
  if (!account->verified) tx->mark_verified(account->id);  // the code proved the address
  tx->delete_sessions_of(account->id, nullptr);
  tx->clear_failures(account_key(account->id));
  tx->commit();
  return report<Done>("reset", ok());
}

Status AccountService::change_password(std::string_view token, std::string_view current_password,
                                       std::string_view new_password) {
  const auto session = session_for(token);
  if (!session) return report<Done>("change_password", no_session());
  if (!acceptable_password(new_password)) return report<Done>("change_password", weak_password());
  if (!verify_password(session->account.password_hash, current_password))
    return report<Done>("change_password",
                        fail(ErrorCode::kUnauthorized, "The current password is wrong."));
  const std::string hash = hash_password(new_password);
  const auto keep = digest_token(token);
  auto tx = deps_.store.begin();
  tx->set_password_hash(session->account.id, hash);
  tx->delete_sessions_of(session->account.id, &keep);
  tx->commit();
  return report<Done>("change_password", ok());
}

Status AccountService::delete_account(std::string_view token, std::string_view password) {
  const auto session = session_for(token);
  if (!session) return report<Done>("delete", no_session());
  if (!verify_password(session->account.password_hash, password))
    return report<Done>("delete", fail(ErrorCode::kUnauthorized, "The password is wrong."));
  auto tx = deps_.store.begin();
  tx->delete_account(session->account.id);
  tx->commit();
  return report<Done>("delete", ok());
}

}  // namespace authlens::account
