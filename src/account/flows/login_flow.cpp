#include "account/flows/login_flow.hpp"

#include "account/flow_errors.hpp"
#include "account/parts/attempts.hpp"
#include "account/parts/bearer.hpp"
#include "account/secrets.hpp"
#include "account/throttle.hpp"

namespace authlens::account {
namespace {

constexpr std::size_t kMaxChallengeBytes = 256;

}  // namespace

Result<SignInOutcome> LoginFlow::login(std::string_view email, std::string_view password,
                                       const Client& client) {
  return run_flow<SignInOutcome>(kernel_, "login", [&]() -> Result<SignInOutcome> {
    const auto address = address_of(kernel_, email);
    if (!address) {
      password_.spend_dummy_check(password);  // no account can have it; answer in the same time
      return errors::invalid_credentials();
    }
    std::optional<ports::AccountRecord> account;
    auto attempt = reserve_attempt(kernel_, *address, client, &account);
    if (!attempt.ok()) return attempt.error();
    std::optional<std::string> rehash;
    bool good = false;
    if (account) {
      good = password_.check(*account, password, &rehash);
    } else {
      password_.spend_dummy_check(password);
    }
    const auto now = kernel_.now();
    GiveBackIfInterrupted give_back(kernel_, attempt.value(), good);
    auto tx = kernel_.store().begin();
    tx->lock(throttle::address_lock(address->key));
    // A password verified before a reset (or any credential change) committed is no longer the
    // account's: such a login loses, as a wrong password would.
    const auto current = good ? tx->accounts().find_account_by_email(address->text) : std::nullopt;
    if (good && !same_credentials(*account, current)) good = false;
    const bool owes_second_factor = good && factors_.on(*current);
    if (owes_second_factor) {
      release_attempt(*tx, attempt.value());  // only the second step may forgive failures
    } else {
      settle_attempt(kernel_, *tx, attempt.value(), good, SecurityEventKind::kLoginFailed, *address,
                     client, account ? std::optional(account->id) : std::nullopt);
    }
    if (!good) {
      tx->commit();
      give_back.settled();
      return errors::invalid_credentials();
    }
    if (rehash) tx->accounts().rehash_password(account->id, account->credential_version, *rehash);
    SignInOutcome outcome;
    if (owes_second_factor) {
      outcome = open_second_step(kernel_, *tx, *current, kPasswordMethod,
                                 factors_.methods_for(*current), now);
    } else {
      outcome = issue_session(kernel_, *tx, current->id, client, kPasswordMethod, kAal1, now);
    }
    tx->commit();
    give_back.settled();
    return outcome;
  });
}

Result<LoginGrant> LoginFlow::second_step(std::string_view challenge, std::string_view method,
                                          std::string_view code, const Client& client) {
  return run_flow<LoginGrant>(kernel_, "login_second_factor", [&]() -> Result<LoginGrant> {
    if (challenge.empty() || challenge.size() > kMaxChallengeBytes)
      return errors::invalid_challenge();
    const auto handle = digest_token(challenge);
    const auto now = kernel_.now();
    // Whose step it is, read without locks: only to know which locks to take.
    std::optional<ports::AccountRecord> owner;
    {
      auto peek = kernel_.store().begin();
      const auto found = peek->challenges().find_challenge(handle, now);
      if (found && found->kind == kSecondStepChallenge)
        owner = peek->accounts().find_account_by_id(found->account_id);
    }
    if (!owner) return errors::invalid_challenge();
    const auto address = address_of(kernel_, owner->email);
    if (!address) return errors::invalid_challenge();

    auto tx = kernel_.store().begin();
    tx->lock(throttle::client_lock(client.key));
    tx->lock(throttle::address_lock(address->key));
    // Read again under the locks: used, exhausted, or made stale by a credential change since.
    const auto step = tx->challenges().find_challenge(handle, now);
    const auto account = tx->accounts().find_account_by_id(owner->id);
    if (!step || step->kind != kSecondStepChallenge ||
        step->failures >= kernel_.settings().max_second_step_failures || !account ||
        account->credential_version != step->credential_version)
      return errors::invalid_challenge();
    auto* factor = factors_.usable(method, *account);
    if (factor == nullptr) return errors::invalid_code();
    // The try is reserved before the code is checked, in the same locked unit of work.
    auto attempt = reserve_attempt(kernel_, *tx, *address, client);
    if (!attempt.ok()) return attempt.error();
    if (!factor->check(*tx, *account, code, client, now)) {
      tx->challenges().count_challenge_failure(handle);
      settle_attempt(kernel_, *tx, attempt.value(), false, SecurityEventKind::kSecondFactorFailed,
                     *address, client, account->id);
      tx->commit();
      return errors::invalid_code();
    }
    tx->challenges().delete_challenge(handle);  // single use
    settle_attempt(kernel_, *tx, attempt.value(), true, SecurityEventKind::kSecondFactorFailed,
                   *address, client, account->id);
    const std::string first(step->data.begin(), step->data.end());
    auto grant = issue_session(kernel_, *tx, account->id, client, first + "," + std::string(method),
                               kAal2, now);
    tx->commit();
    kernel_.mail_queued();  // a recovery code's notice, when one was used
    return grant;
  });
}

}  // namespace authlens::account
