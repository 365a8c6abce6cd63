#pragma once
// The account domain as the HTTP layer calls it: one object that builds the flows and the
// credential strategies in order and hands each call to its flow. It knows nothing of HTTP or
// SQL: it speaks to the store through the domain's ports (ports/).
//
// Layout: flows/ the use cases (address proof, login, recovery, password change, sessions,
// deletion); strategies/ the ways of proving who you are (password/, totp/, recovery_code/)
// behind SecondFactor; parts/ what flows share (attempt reservation, code proof, sign-in,
// step-up, mailing, bearer sessions); ports/ what the store implements. Passkeys
// (strategies/passkey/) stand alone: a sign-in of their own, not a second factor.
//
// Threads: thread-safe; every method may run on any thread at once (the state is in the store).
// Methods that hash a password or may ask the breach service block for tens of milliseconds
// (register, confirm, login, reset, change_password, delete_account, the TOTP and recovery-code
// changes): run them on the hashing pool, never on an I/O thread.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "account/client.hpp"
#include "account/flows/address_proof_flow.hpp"
#include "account/flows/deletion_flow.hpp"
#include "account/flows/login_flow.hpp"
#include "account/flows/password_change_flow.hpp"
#include "account/flows/recovery_flow.hpp"
#include "account/flows/session_flow.hpp"
#include "account/kernel.hpp"
#include "account/parts/bearer.hpp"
#include "account/parts/step_up.hpp"
#include "account/strategies/passkey/passkey_flow.hpp"
#include "account/strategies/password/password_strategy.hpp"
#include "account/strategies/recovery_code/recovery_code_factor.hpp"
#include "account/strategies/recovery_code/recovery_codes_flow.hpp"
#include "account/strategies/second_factor.hpp"
#include "account/strategies/totp/totp_enrolment_flow.hpp"
#include "account/strategies/totp/totp_factor.hpp"

namespace authlens::account {

class AccountService {
 public:
  struct Dependencies {
    ports::AccountStore& store;
    const PasswordHasher& hasher;
    const PasswordPolicy& policy;
    const Clock& clock;
    trace::Tracer& tracer;
    AccountObserver* observer = nullptr;   // may be null
    std::function<void()> on_mail_queued;  // wakes the outbox worker; may be empty
  };

  AccountService(Dependencies deps, AccountSettings settings);
  AccountService(const AccountService&) = delete;
  AccountService& operator=(const AccountService&) = delete;

  Status register_account(std::string_view email, std::string_view password, const Client& client) {
    return address_proof_.register_account(email, password, client);
  }
  Result<SignInOutcome> confirm(std::string_view email, std::string_view code,
                                std::string_view password, const Client& client) {
    return address_proof_.confirm(email, code, password, client);
  }
  Status resend(std::string_view email, const Client& client) {
    return address_proof_.resend(email, client);
  }
  Result<SignInOutcome> login(std::string_view email, std::string_view password,
                              const Client& client) {
    return login_.login(email, password, client);
  }
  Result<LoginGrant> login_second_factor(std::string_view challenge, std::string_view method,
                                         std::string_view code, const Client& client) {
    return login_.second_step(challenge, method, code, client);
  }
  Status forgot(std::string_view email, const Client& client) {
    return recovery_.forgot(email, client);
  }
  Status reset(std::string_view email, std::string_view code, std::string_view new_password,
               const Client& client) {
    return recovery_.reset(email, code, new_password, client);
  }
  Status change_password(std::string_view token, std::string_view current_password,
                         std::string_view new_password, const Client& client,
                         std::string_view code = {}) {
    return password_change_.change_password(token, current_password, new_password, code, client);
  }
  Status delete_account(std::string_view token, std::string_view password, const Client& client,
                        std::string_view code = {}) {
    return deletion_.delete_account(token, password, code, client);
  }

  SessionFlow& sessions() noexcept { return sessions_; }
  // Before serving only: see Kernel::set_webauthn_origins.
  void allow_webauthn_origins(std::vector<std::string> origins) {
    kernel_.set_webauthn_origins(std::move(origins));
  }
  TotpEnrolmentFlow& totp() noexcept { return totp_enrolment_; }
  RecoveryCodesFlow& recovery_codes() noexcept { return recovery_codes_flow_; }
  PasskeyFlow& passkeys() noexcept { return passkeys_; }
  // What a new strategy's flows are built on (strategies/<name>/ and its routes).
  const Kernel& kernel() const noexcept { return kernel_; }
  const StepUp& step_up() const noexcept { return step_up_; }
  SecondFactors& second_factors() noexcept { return factors_; }

  // Shorthands the tests and the HTTP layer use.
  Result<Profile> me(std::string_view token) { return sessions_.me(token); }
  Status logout(std::string_view token) { return sessions_.logout(token); }
  // Writes the session uses noted since the last call (periodically, off the I/O threads).
  void flush_session_uses() { bearer_.flush(); }

 private:
  Kernel kernel_;
  PasswordStrategy password_;
  TotpFactor totp_factor_;
  RecoveryCodeFactor recovery_code_factor_;
  SecondFactors factors_;
  Bearer bearer_;
  StepUp step_up_;
  AddressProofFlow address_proof_;
  LoginFlow login_;
  RecoveryFlow recovery_;
  PasswordChangeFlow password_change_;
  DeletionFlow deletion_;
  SessionFlow sessions_;
  TotpEnrolmentFlow totp_enrolment_;
  RecoveryCodesFlow recovery_codes_flow_;
  PasskeyFlow passkeys_;
};

}  // namespace authlens::account
