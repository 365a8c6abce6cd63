#include "account/strategies/passkey/passkey_flow.hpp"

#include <sodium.h>

#include <algorithm>

#include "account/flow_errors.hpp"
#include "account/parts/mailing.hpp"
#include "account/secrets.hpp"
#include "account/strategies/passkey/base64url.hpp"
#include "account/strategies/passkey/relying_party.hpp"
#include "account/throttle.hpp"
#include "mail/templates.hpp"

namespace authlens::account {
namespace {

constexpr std::string_view kActive = "active";
constexpr std::string_view kCreateChallenge = "passkey_create";
constexpr std::string_view kGetChallenge = "passkey_get";
constexpr std::size_t kChallengeBytes = 32;     // WebAuthn asks for at least 16
constexpr std::size_t kMaxFlowBytes = 256;      // a flow handle is 43 characters
constexpr std::size_t kMaxCredentialId = 1023;  // WebAuthn L3 §5.8.3: at most 1023 bytes
constexpr std::size_t kMaxNameBytes = 64;
constexpr int kMaxPasskeysPerAccount = 20;
// Ceremonies asked for per client key per login window: each writes a row until it expires, so
// an unauthenticated caller gets a bounded share of the table.
constexpr int kLoginCeremoniesPerClient = 60;
constexpr std::string_view kCeremonyScope = "passkey.options";
constexpr std::string_view kFailureScope = "passkey.login";

PasskeyBytes random_bytes(std::size_t n) {
  PasskeyBytes out(n);
  randombytes_buf(out.data(), out.size());
  return out;
}

Error invalid_credential(const char* detail = "The passkey could not be verified.") {
  return fail(ErrorCode::kInvalidCredential, detail);
}

Error passkey_not_found() {
  return fail(ErrorCode::kNotFound, "There is no such passkey of yours.");
}

Error too_many_failures(int wait_s) {
  return fail(ErrorCode::kTooManyAttempts, "Too many failed passkey sign-ins; try again later.",
              wait_s);
}

passkey::RelyingParty relying_party(const AccountSettings& settings) {
  return {settings.webauthn_rp_id, settings.webauthn_origins, true};
}

PasskeyInfo info_of(const ports::CredentialRecord& row) {
  return {passkey::to_base64url(row.identifier), row.name, row.created_at, row.last_used_at};
}

// A name a person gave: printable, at most 64 bytes; empty gets "Passkey N".
std::optional<std::string> name_of(std::string_view name, std::size_t count) {
  if (name.empty()) return "Passkey " + std::to_string(count + 1);
  if (name.size() > kMaxNameBytes) return std::nullopt;
  for (const char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
  return std::string(name);
}

std::string ceremony_key(std::string_view scope, const Client& client) {
  return throttle::client_key(scope, client.key);
}

}  // namespace

PasskeyBytes PasskeyFlow::user_handle(std::int64_t account_id) const {
  // Keyed: without the server key nobody can tell two handles' accounts apart or count them.
  const std::string input = "passkey-user-handle:" + std::to_string(account_id);
  PasskeyBytes out(32);
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), kernel_.server_key().data(), kernel_.server_key().size());
  return out;
}

Result<PasskeyCreationOptions> PasskeyFlow::begin_registration(std::string_view token,
                                                               std::string_view password,
                                                               std::string_view code,
                                                               const Client& client) {
  return run_flow<PasskeyCreationOptions>(
      kernel_, "passkey_options", [&]() -> Result<PasskeyCreationOptions> {
        auto check = step_up_.check_password(token, password, client);
        if (!check.ok()) return check.error();
        const auto now = kernel_.now();
        const auto& settings = kernel_.settings();
        auto tx = kernel_.store().begin();
        tx->lock(StepUp::lock_of(check.value()));
        if (auto proven = step_up_.confirm(*tx, check.value(), token, code, client, now,
                                           errors::wrong_password());
            !proven.ok()) {
          tx->commit();
          return proven.error();
        }
        const auto account = tx->accounts().find_account_by_id(check.value().session.account.id);
        if (!account) return errors::no_session();
        PasskeyCreationOptions options;
        options.flow = new_access_token();
        options.challenge = random_bytes(kChallengeBytes);
        options.rp_id = settings.webauthn_rp_id;
        options.rp_name = settings.webauthn_rp_name;
        options.user_handle = user_handle(account->id);
        options.user_name = check.value().address.text;
        options.timeout_ms = settings.passkey_ceremony_ttl_s * 1000;
        for (const auto& c : tx->credentials().find_credentials(account->id, kPasskeyMethod))
          options.exclude.push_back(c.identifier);
        ports::ChallengeRecord ceremony;
        ceremony.handle_hash = digest_token(options.flow);
        ceremony.kind = std::string(kCreateChallenge);
        ceremony.account_id = account->id;
        ceremony.credential_version = account->credential_version;
        ceremony.data = options.challenge;
        ceremony.expires_at = now + settings.passkey_ceremony_ttl_s;
        tx->challenges().put_challenge(ceremony);
        tx->commit();
        return options;
      });
}

Result<PasskeyInfo> PasskeyFlow::finish_registration(std::string_view token, std::string_view flow,
                                                     const PasskeyRegistrationResponse& response,
                                                     std::string_view name, const Client& client) {
  return run_flow<PasskeyInfo>(kernel_, "passkey_add", [&]() -> Result<PasskeyInfo> {
    auto who = step_up_.caller(token);
    if (!who.ok()) return who.error();
    const auto& caller = who.value();
    if (flow.empty() || flow.size() > kMaxFlowBytes)
      return invalid_credential("The ceremony is unknown, used or expired; ask for new options.");
    const auto account_id = caller.session.account.id;
    const auto now = kernel_.now();
    const auto handle = digest_token(flow);
    auto tx = kernel_.store().begin();
    tx->lock(throttle::address_lock(caller.address.key));
    if (!Bearer::still_live(*tx, token, caller.session, now)) return errors::no_session();
    const auto ceremony = tx->challenges().find_challenge(handle, now);
    const auto account = tx->accounts().find_account_by_id(account_id);
    // Another account's ceremony, or one a credential change has made stale since it began.
    if (!ceremony || ceremony->kind != kCreateChallenge || ceremony->account_id != account_id ||
        !account || account->credential_version != ceremony->credential_version)
      return invalid_credential("The ceremony is unknown, used or expired; ask for new options.");
    tx->challenges().delete_challenge(handle);  // single use, whatever the answer
    const auto registration =
        passkey::verify_registration(relying_party(kernel_.settings()), ceremony->data,
                                     response.client_data_json, response.attestation_object);
    auto& credentials = tx->credentials();
    const auto existing = credentials.find_credentials(account_id, kPasskeyMethod);
    const auto label = name_of(name, existing.size());
    const bool id_matches =
        registration.credential && registration.credential->id == response.credential_id;
    // WebAuthn L3 §7.1 step 26: a credential id registered before, to anyone, is refused (else
    // one could claim another's id with a key of one's own).
    const bool taken = id_matches && credentials.find_credential_by_identifier(
                                         kPasskeyMethod, registration.credential->id);
    if (!registration.credential || !id_matches || taken || !label ||
        static_cast<int>(existing.size()) >= kMaxPasskeysPerAccount) {
      tx->commit();
      if (!label && registration.credential)
        return invalid_credential("A passkey's name is at most 64 printable bytes.");
      if (static_cast<int>(existing.size()) >= kMaxPasskeysPerAccount)
        return invalid_credential("An account keeps at most 20 passkeys; remove one first.");
      return invalid_credential();
    }
    ports::CredentialRecord row;
    row.account_id = account_id;
    row.type = std::string(kPasskeyMethod);
    row.state = std::string(kActive);
    row.identifier = registration.credential->id;
    row.public_data = registration.credential->public_key_cose;
    row.name = *label;
    row.counter = registration.credential->sign_count;
    row.created_at = now;
    credentials.insert_credential(row);
    // A credential added is a credential change: every other session and code ends.
    tx->accounts().bump_credential_version(account_id);
    const auto keep = digest_token(token);
    end_other_access(*tx, account_id, caller.address, &keep);
    notify_owner(kernel_, *tx, caller.address.text, mail::kind::kPasskeyAdded, client, now);
    tx->commit();
    kernel_.mail_queued();
    kernel_.security(SecurityEventKind::kPasskeyAdded, "ok", account_id, client,
                     caller.address.tag);
    return info_of(row);
  });
}

Result<std::vector<PasskeyInfo>> PasskeyFlow::list(std::string_view token) {
  return run_flow<std::vector<PasskeyInfo>>(
      kernel_, "passkey_list", [&]() -> Result<std::vector<PasskeyInfo>> {
        auto who = step_up_.caller(token);
        if (!who.ok()) return who.error();
        auto tx = kernel_.store().begin();
        std::vector<PasskeyInfo> out;
        for (const auto& c :
             tx->credentials().find_credentials(who.value().session.account.id, kPasskeyMethod))
          out.push_back(info_of(c));
        tx->commit();
        return out;
      });
}

Status PasskeyFlow::remove(std::string_view token, std::string_view id, std::string_view password,
                           std::string_view code, const Client& client) {
  return run_flow<Done>(kernel_, "passkey_remove", [&]() -> Status {
    auto who = step_up_.caller(token);
    if (!who.ok()) return who.error();
    const auto identifier =
        id.empty() ? std::nullopt : passkey::from_base64url(id, kMaxCredentialId);
    if (!identifier) return passkey_not_found();
    const auto mine = [&](ports::UnitOfWork& tx, std::int64_t account_id) {
      auto row = tx.credentials().find_credential_by_identifier(kPasskeyMethod, *identifier);
      return row && row->account_id == account_id ? row : std::nullopt;
    };
    {
      auto peek = kernel_.store().begin();
      const bool found = mine(*peek, who.value().session.account.id).has_value();
      peek->commit();
      if (!found) return passkey_not_found();
    }
    auto check = step_up_.check_password(token, password, client);
    if (!check.ok()) return check.error();
    const auto now = kernel_.now();
    auto tx = kernel_.store().begin();
    tx->lock(StepUp::lock_of(check.value()));
    if (auto proven = step_up_.confirm(*tx, check.value(), token, code, client, now,
                                       errors::wrong_password());
        !proven.ok()) {
      tx->commit();
      return proven;
    }
    const auto account_id = check.value().session.account.id;
    const auto& address = check.value().address;
    const auto row = mine(*tx, account_id);  // removed by a request that raced this one?
    if (!row) {
      tx->commit();
      return passkey_not_found();
    }
    tx->credentials().delete_credential(account_id, row->id);
    tx->accounts().bump_credential_version(account_id);
    const auto keep = digest_token(token);
    end_other_access(*tx, account_id, address, &keep);
    notify_owner(kernel_, *tx, address.text, mail::kind::kPasskeyRemoved, client, now);
    tx->commit();
    kernel_.mail_queued();
    kernel_.security(SecurityEventKind::kPasskeyRemoved, "ok", account_id, client, address.tag);
    return ok();
  });
}

Result<PasskeyRequestOptions> PasskeyFlow::begin_login(const Client& client) {
  return run_flow<PasskeyRequestOptions>(
      kernel_, "passkey_login_options", [&]() -> Result<PasskeyRequestOptions> {
        const auto& settings = kernel_.settings();
        const auto now = kernel_.now();
        const throttle::Limit ceremonies{kLoginCeremoniesPerClient, settings.login_window_s};
        const throttle::Limit failures{settings.max_login_failures_per_client,
                                       settings.login_window_s};
        auto tx = kernel_.store().begin();
        tx->lock(throttle::client_lock(client.key));
        auto& ledger = tx->throttles();
        const auto failed = ledger.count_events(ceremony_key(kFailureScope, client),
                                                throttle::window_start(failures, now));
        if (throttle::reached(failed, failures))
          return too_many_failures(throttle::seconds_until_free(failed, failures, now));
        const auto asked = ledger.count_events(ceremony_key(kCeremonyScope, client),
                                               throttle::window_start(ceremonies, now));
        if (throttle::reached(asked, ceremonies))
          return fail(ErrorCode::kRateLimited, "Too many passkey sign-ins begun; try later.",
                      throttle::seconds_until_free(asked, ceremonies, now));
        ledger.add_event(ceremony_key(kCeremonyScope, client), now);
        PasskeyRequestOptions options;
        options.flow = new_access_token();
        options.challenge = random_bytes(kChallengeBytes);
        options.rp_id = settings.webauthn_rp_id;
        options.timeout_ms = settings.passkey_ceremony_ttl_s * 1000;
        ports::ChallengeRecord ceremony;
        ceremony.handle_hash = digest_token(options.flow);
        ceremony.kind = std::string(kGetChallenge);
        ceremony.account_id = 0;  // whose it is, the authenticator will say
        ceremony.data = options.challenge;
        ceremony.expires_at = now + settings.passkey_ceremony_ttl_s;
        tx->challenges().put_challenge(ceremony);
        tx->commit();
        return options;
      });
}

Result<LoginGrant> PasskeyFlow::finish_login(std::string_view flow,
                                             const PasskeyAssertionResponse& response,
                                             const Client& client) {
  return run_flow<LoginGrant>(kernel_, "passkey_login", [&]() -> Result<LoginGrant> {
    const auto& settings = kernel_.settings();
    const auto now = kernel_.now();
    const throttle::Limit failures{settings.max_login_failures_per_client, settings.login_window_s};
    const auto failure_key = ceremony_key(kFailureScope, client);
    // Whose passkey it claims to be, read without locks: only to know which address to lock.
    std::optional<ports::AccountRecord> owner;
    if (!response.credential_id.empty() && response.credential_id.size() <= kMaxCredentialId) {
      auto peek = kernel_.store().begin();
      if (auto row = peek->credentials().find_credential_by_identifier(kPasskeyMethod,
                                                                       response.credential_id))
        owner = peek->accounts().find_account_by_id(row->account_id);
      peek->commit();
    }
    const auto address = owner ? address_of(kernel_, owner->email) : std::nullopt;

    auto tx = kernel_.store().begin();
    tx->lock(throttle::client_lock(client.key));
    if (address) tx->lock(throttle::address_lock(address->key));
    auto& ledger = tx->throttles();
    const auto failed = ledger.count_events(failure_key, throttle::window_start(failures, now));
    if (throttle::reached(failed, failures))
      return too_many_failures(throttle::seconds_until_free(failed, failures, now));
    // Every refusal below answers alike and counts against the client, the unknown credential
    // included: the answer tells nothing of which check failed.
    const auto refuse = [&](bool clone_suspected) -> Result<LoginGrant> {
      ledger.add_event(failure_key, now);
      tx->commit();
      kernel_.security(clone_suspected ? SecurityEventKind::kPasskeyCloneSuspected
                                       : SecurityEventKind::kPasskeyLoginFailed,
                       "invalid_credential", owner ? std::optional(owner->id) : std::nullopt,
                       client, address ? std::string_view(address->tag) : std::string_view());
      return invalid_credential();
    };
    if (flow.empty() || flow.size() > kMaxFlowBytes) return refuse(false);
    const auto handle = digest_token(flow);
    const auto ceremony = tx->challenges().find_challenge(handle, now);
    if (!ceremony || ceremony->kind != kGetChallenge) return refuse(false);
    tx->challenges().delete_challenge(handle);  // single use, whatever the answer
    // Read again under the locks: removed, or another account's since the peek.
    const auto row = owner ? tx->credentials().find_credential_by_identifier(kPasskeyMethod,
                                                                             response.credential_id)
                           : std::nullopt;
    if (!row || row->account_id != owner->id || row->state != kActive || !address)
      return refuse(false);
    // §7.2 step 6: the user handle the authenticator returned names the credential's account.
    const auto expected_handle = user_handle(row->account_id);
    if (!response.user_handle.empty() && response.user_handle != expected_handle)
      return refuse(false);
    const auto assertion = passkey::verify_assertion(
        relying_party(settings), ceremony->data, response.client_data_json,
        response.authenticator_data, response.signature, row->public_data,
        static_cast<std::uint32_t>(row->counter));
    if (!assertion.ok) return refuse(assertion.error == passkey::CeremonyError::counter_went_back);
    auto used = *row;
    used.counter = assertion.sign_count;
    used.last_used_at = now;
    // Compare-and-set on the counter: of two requests racing with one assertion, one wins.
    if (!tx->credentials().update_credential(used, row->counter)) return refuse(false);
    auto grant = issue_session(kernel_, *tx, row->account_id, client, kPasskeyMethod, kAal2, now);
    tx->commit();
    return grant;
  });
}

}  // namespace authlens::account
