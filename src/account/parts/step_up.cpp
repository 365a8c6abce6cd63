#include "account/parts/step_up.hpp"

#include "account/flow_errors.hpp"
#include "account/throttle.hpp"

namespace authlens::account {

Result<Caller> StepUp::caller(std::string_view token) const {
  auto session = bearer_.session(token);
  if (!session) return errors::no_session();
  auto address = address_of(kernel_, session->account.email);
  if (!address) return errors::no_session();  // an address stored before today's rules
  return Caller{std::move(*session), std::move(*address)};
}

StepUpCheck StepUp::check_password(Caller caller, std::string_view password,
                                   const Client& /*client*/, const Attempt& attempt,
                                   const std::optional<ports::AccountRecord>& account) const {
  bool good = false;
  if (account && account->id == caller.session.account.id) {
    good = password_.check(*account, password, nullptr);
  } else {
    password_.spend_dummy_check(password);  // deleted meanwhile: confirm() answers unauthorized
  }
  return StepUpCheck{std::move(caller.session), std::move(caller.address), attempt, good};
}

Result<StepUpCheck> StepUp::check_password(std::string_view token, std::string_view password,
                                           const Client& client) const {
  auto who = caller(token);
  if (!who.ok()) return who.error();
  std::optional<ports::AccountRecord> account;
  auto attempt = reserve_attempt(kernel_, who.value().address, client, &account);
  if (!attempt.ok()) return attempt.error();
  return check_password(std::move(who.value()), password, client, attempt.value(), account);
}

std::string StepUp::lock_of(const StepUpCheck& check) {
  return throttle::address_lock(check.address.key);
}

Status StepUp::confirm(ports::UnitOfWork& tx, const StepUpCheck& check, std::string_view token,
                       std::string_view code, const Client& client, std::int64_t now,
                       const Error& wrong_password) const {
  const auto account_id = check.session.account.id;
  if (!check.password_ok) {
    settle_attempt(kernel_, tx, check.attempt, false, SecurityEventKind::kPasswordCheckFailed,
                   check.address, client, account_id);
    return wrong_password;
  }
  const auto live = Bearer::still_live(tx, token, check.session, now);
  if (!live) {
    // A right password is no failure even when the session ended meanwhile (it answers as if
    // it had lost the race, which it did); nor does it forgive anything.
    release_attempt(tx, check.attempt);
    return errors::no_session();
  }
  if (factors_.on(live->account)) {
    if (code.empty()) {
      // No failure, and no forgiveness: else calls without a code would wipe the failures of
      // the wrong codes between them.
      release_attempt(tx, check.attempt);
      return errors::second_factor_required();
    }
    if (factors_.check_any(tx, live->account, code, client, now) == nullptr) {
      settle_attempt(kernel_, tx, check.attempt, false, SecurityEventKind::kSecondFactorFailed,
                     check.address, client, account_id);
      return errors::invalid_code();
    }
  }
  settle_attempt(kernel_, tx, check.attempt, true, SecurityEventKind::kPasswordCheckFailed,
                 check.address, client, account_id);
  return ok();
}

}  // namespace authlens::account
