#include "account/strategies/totp/totp_enrolment_flow.hpp"

#include "account/flow_errors.hpp"
#include "account/parts/mailing.hpp"
#include "account/parts/sign_in.hpp"
#include "account/secrets.hpp"
#include "account/strategies/totp/key_uri.hpp"
#include "account/strategies/totp/qr_svg.hpp"
#include "account/throttle.hpp"
#include "mail/templates.hpp"

namespace authlens::account {
namespace {

constexpr std::string_view kPending = "pending";
constexpr std::string_view kActive = "active";

}  // namespace

Result<TotpEnrolment> TotpEnrolmentFlow::begin(std::string_view token, std::string_view password,
                                               const Client& client) {
  return run_flow<TotpEnrolment>(kernel_, "totp_enrol", [&]() -> Result<TotpEnrolment> {
    auto who = step_up_.caller(token);
    if (!who.ok()) return who.error();
    if (totp_.usable(who.value().session.account)) return errors::totp_already_enabled();
    auto check = step_up_.check_password(token, password, client);
    if (!check.ok()) return check.error();
    const auto now = kernel_.now();
    const auto account_id = check.value().session.account.id;
    auto secret = totp::Secret::generate();
    auto uri = totp::key_uri(secret, kernel_.settings().totp_issuer, check.value().address.text);
    auto svg = uri ? totp::qr_svg(*uri) : std::nullopt;
    auto tx = kernel_.store().begin();
    tx->lock(StepUp::lock_of(check.value()));
    if (auto proven =
            step_up_.confirm(*tx, check.value(), token, {}, client, now, errors::wrong_password());
        !proven.ok()) {
      tx->commit();
      return proven.error();
    }
    if (!uri || !svg) {
      tx->commit();
      return errors::no_session();  // an address the URI cannot name: none the service accepts
    }
    auto& credentials = tx->credentials();
    for (const auto& c : credentials.find_credentials(account_id, kTotpMethod)) {
      if (c.state == kActive) {  // turned on by a request that raced this one
        tx->commit();
        return errors::totp_already_enabled();
      }
      credentials.delete_credential(account_id, c.id);  // a pending one is replaced
    }
    ports::CredentialRecord row;
    row.account_id = account_id;
    row.type = std::string(kTotpMethod);
    row.state = std::string(kPending);
    row.secret = totp_.seal(secret, account_id);
    row.created_at = now;
    credentials.insert_credential(row);
    tx->commit();
    return TotpEnrolment{secret.base32(), std::move(*uri), std::move(*svg)};
  });
}

Result<std::vector<std::string>> TotpEnrolmentFlow::confirm(std::string_view token,
                                                            std::string_view code,
                                                            const Client& client) {
  return run_flow<std::vector<std::string>>(
      kernel_, "totp_confirm", [&]() -> Result<std::vector<std::string>> {
        auto who = step_up_.caller(token);
        if (!who.ok()) return who.error();
        const auto& caller = who.value();
        const auto account_id = caller.session.account.id;
        const auto now = kernel_.now();
        auto tx = kernel_.store().begin();
        tx->lock(throttle::client_lock(client.key));
        tx->lock(throttle::address_lock(caller.address.key));
        if (!Bearer::still_live(*tx, token, caller.session, now)) return errors::no_session();
        std::optional<ports::CredentialRecord> pending;
        for (auto& c : tx->credentials().find_credentials(account_id, kTotpMethod)) {
          if (c.state == kActive) return errors::totp_already_enabled();
          pending = std::move(c);
        }
        if (!pending) return errors::invalid_code();  // nothing to confirm: enrol first
        // Wrong codes count toward the lockout like passwords: reserved, then checked.
        auto attempt = reserve_attempt(kernel_, *tx, caller.address, client);
        if (!attempt.ok()) return attempt.error();
        const bool good = totp_.accept(*tx, *pending, account_id, code, now, kActive);
        settle_attempt(kernel_, *tx, attempt.value(), good, SecurityEventKind::kSecondFactorFailed,
                       caller.address, client, account_id);
        if (!good) {
          tx->commit();
          return errors::invalid_code();
        }
        // A factor added is a credential change: every other session and code ends.
        tx->accounts().bump_credential_version(account_id);
        const auto keep = digest_token(token);
        end_other_access(*tx, account_id, caller.address, &keep);
        auto codes = recovery_codes_.issue(*tx, account_id, now);
        notify_owner(kernel_, *tx, caller.address.text, mail::kind::kSecondFactorEnabled, client,
                     now);
        tx->commit();
        kernel_.mail_queued();
        kernel_.security(SecurityEventKind::kSecondFactorEnabled, "ok", account_id, client,
                         caller.address.tag);
        return codes;
      });
}

Status TotpEnrolmentFlow::disable(std::string_view token, std::string_view password,
                                  std::string_view code, const Client& client) {
  return run_flow<Done>(kernel_, "totp_disable", [&]() -> Status {
    auto who = step_up_.caller(token);
    if (!who.ok()) return who.error();
    if (!totp_.usable(who.value().session.account))
      return fail(ErrorCode::kNotFound, "There is no authenticator app to turn off.");
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
    tx->credentials().delete_credentials(account_id, kTotpMethod);
    recovery_codes_.revoke(*tx, account_id);
    tx->accounts().bump_credential_version(account_id);
    const auto keep = digest_token(token);
    end_other_access(*tx, account_id, address, &keep);
    notify_owner(kernel_, *tx, address.text, mail::kind::kSecondFactorDisabled, client, now);
    tx->commit();
    kernel_.mail_queued();
    kernel_.security(SecurityEventKind::kSecondFactorDisabled, "ok", account_id, client,
                     address.tag);
    return ok();
  });
}

}  // namespace authlens::account
