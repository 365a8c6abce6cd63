// The flows that check a password: login, change_password, delete_account. Wrong passwords count
// toward one lockout per address string (known or not) and one per client, reserved before the
// hash is checked so that concurrent tries cannot overshoot.
#include "account/flow_errors.hpp"
#include "account/secrets.hpp"
#include "account/service_flow.hpp"
#include "account/throttle.hpp"
#include "telemetry/trace/tracer.hpp"

namespace authlens::account {
namespace {

// A password the flows would never accept is still checked against a hash (cut to this many
// bytes), so a refusal takes as long as any wrong password.
constexpr std::size_t kMaxPasswordBytes = PasswordPolicy::kMaxRawBytes;

// The forms of a typed password that are checked against a stored hash: its NFKC form, and the
// raw bytes when they differ (hashes made before passwords were normalised).
std::vector<std::string> password_forms(std::string_view raw) {
  std::vector<std::string> forms;
  auto nfkc = PasswordPolicy::normalize(raw);
  if (nfkc) forms.push_back(std::move(*nfkc));
  if (forms.empty() || forms.front() != raw) forms.emplace_back(raw);
  return forms;
}

}  // namespace

Result<AccountService::PasswordTry> AccountService::begin_password_try(
    const Address& address, const Client& client, std::optional<store::Account>* account) {
  const auto now = deps_.clock.now();
  const throttle::Limit per_client{settings_.max_login_failures_per_client,
                                   settings_.login_window_s};
  const throttle::Limit per_address{settings_.max_login_failures_per_address,
                                    settings_.login_window_s};
  const auto client_key = throttle::client_key(throttle::kLogin, client.key);
  const auto address_key = throttle::address_key(throttle::kLogin, address.key);

  // Short transaction: the verdict, the reservation and the account; no hashing while open.
  auto tx = deps_.store.begin();
  tx->lock(throttle::client_lock(client.key));
  tx->lock(throttle::address_lock(address.key));
  const auto by_client = tx->count_events(client_key, throttle::window_start(per_client, now));
  if (throttle::reached(by_client, per_client))
    return errors::too_many_passwords(throttle::seconds_until_free(by_client, per_client, now));
  const auto by_address = tx->count_events(address_key, throttle::window_start(per_address, now));
  if (throttle::reached(by_address, per_address))
    return errors::too_many_passwords(throttle::seconds_until_free(by_address, per_address, now));
  // A right password takes these back (end_password_try).
  const PasswordTry attempt{tx->add_event(client_key, now), by_client.count + 1 >= per_client.max,
                            by_address.count + 1 >= per_address.max};
  tx->add_event(address_key, now);
  if (account != nullptr) *account = tx->find_account_by_email(address.text);
  tx->commit();
  return attempt;
}

void AccountService::end_password_try(store::Transaction& tx, const PasswordTry& attempt, bool good,
                                      std::string_view failure_event, const Address& address,
                                      const Client& client,
                                      std::optional<std::int64_t> account_id) {
  if (good) {
    tx.remove_event(attempt.client_event);
    tx.clear_events(throttle::address_key(throttle::kLogin, address.key));
    return;
  }
  security(failure_event, to_string(ErrorCode::kInvalidCredentials), account_id, client, address);
  if (attempt.locks_address || attempt.locks_client)
    security("lockout", "too_many_attempts", account_id, client, address);
}

bool AccountService::check_password(const std::string& stored_hash, std::string_view password,
                                    std::optional<std::string>* rehash) {
  if (password.empty() || password.size() > kMaxPasswordBytes) {
    spend_dummy_check(password.substr(0, kMaxPasswordBytes));
    return false;
  }
  const auto forms = password_forms(password);
  for (const auto& form : forms) {
    if (!verify_password(stored_hash, form)) continue;
    // A hash of the raw form, or with old parameters, is replaced by one of the NFKC form.
    if (rehash != nullptr && (&form != &forms.front() || deps_.hasher.needs_rehash(stored_hash)))
      *rehash = hash_password(forms.front());
    return true;
  }
  return false;
}

void AccountService::spend_dummy_check(std::string_view password) {
  const auto forms = password_forms(password.substr(0, kMaxPasswordBytes));
  for (const auto& form : forms) {
    trace::ScopedSpan span(deps_.tracer, "password.verify", trace::SpanKind::kInternal);
    deps_.hasher.verify_dummy(form);
  }
}

Result<LoginGrant> AccountService::login(std::string_view email, std::string_view password,
                                         const Client& client) {
  return flow<LoginGrant>("login", [&]() -> Result<LoginGrant> {
    const auto address = address_of(email);
    if (!address) {
      spend_dummy_check(password);  // no account can have this address; answer in the same time
      return errors::invalid_credentials();
    }
    std::optional<store::Account> account;
    auto attempt = begin_password_try(*address, client, &account);
    if (!attempt.ok()) return attempt.error();
    std::optional<std::string> rehash;
    bool good = false;
    if (account) {
      good = check_password(account->password_hash, password, &rehash);
    } else {
      spend_dummy_check(password);
    }
    const auto now = deps_.clock.now();
    auto tx = deps_.store.begin();
    end_password_try(*tx, attempt.value(), good, "login_failed", *address, client,
                     account ? std::optional(account->id) : std::nullopt);
    if (!good) {
      tx->commit();
      return errors::invalid_credentials();
    }
    if (rehash) tx->set_password_hash(account->id, *rehash);
    auto grant = sign_in(*tx, account->id, now);
    tx->commit();
    return grant;
  });
}

Status AccountService::change_password(std::string_view token, std::string_view current_password,
                                       std::string_view replacement, const Client& client) {
  return flow<Done>("change_password", [&]() -> Status {
    const auto session = session_for(token);
    if (!session) return errors::no_session();
    const auto address = address_of(session->account.email);
    if (!address) return errors::no_session();  // an address stored before today's rules
    auto password_nfkc = new_password(replacement, *address);
    if (!password_nfkc.ok()) return password_nfkc.error();
    auto attempt = begin_password_try(*address, client, nullptr);
    if (!attempt.ok()) return attempt.error();
    const bool good = check_password(session->account.password_hash, current_password, nullptr);
    const std::string hash = good ? hash_password(password_nfkc.value()) : std::string();
    auto tx = deps_.store.begin();
    end_password_try(*tx, attempt.value(), good, "password_check_failed", *address, client,
                     session->account.id);
    if (!good) {
      tx->commit();
      return fail(ErrorCode::kUnauthorized, "The current password is wrong.");
    }
    const auto keep = digest_token(token);
    tx->set_password_hash(session->account.id, hash);
    tx->delete_sessions_of(session->account.id, &keep);
    tx->commit();
    security("password_changed", "ok", session->account.id, client, *address);
    return ok();
  });
}

Status AccountService::delete_account(std::string_view token, std::string_view password,
                                      const Client& client) {
  return flow<Done>("delete", [&]() -> Status {
    const auto session = session_for(token);
    if (!session) return errors::no_session();
    const auto address = address_of(session->account.email);
    if (!address) return errors::no_session();
    auto attempt = begin_password_try(*address, client, nullptr);
    if (!attempt.ok()) return attempt.error();
    const bool good = check_password(session->account.password_hash, password, nullptr);
    auto tx = deps_.store.begin();
    end_password_try(*tx, attempt.value(), good, "password_check_failed", *address, client,
                     session->account.id);
    if (!good) {
      tx->commit();
      return errors::wrong_password();
    }
    // The account and its sessions, its codes, and mail to it that has not left yet.
    tx->delete_account(session->account.id);
    tx->delete_codes(address->key);
    tx->delete_mail_to(address->text);
    tx->commit();
    security("account_deleted", "ok", session->account.id, client, *address);
    return ok();
  });
}

}  // namespace authlens::account
