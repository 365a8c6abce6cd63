#include "account/parts/attempts.hpp"

#include "account/flow_errors.hpp"
#include "account/throttle.hpp"

namespace authlens::account {

Result<Attempt> reserve_attempt(const Kernel& kernel, ports::UnitOfWork& tx, const Address& address,
                                const Client& client) {
  const auto& settings = kernel.settings();
  const auto now = kernel.now();
  const throttle::Limit per_client{settings.max_login_failures_per_client, settings.login_window_s};
  const throttle::Limit per_address{settings.max_login_failures_per_address,
                                    settings.login_window_s};
  const auto client_key = throttle::client_key(throttle::kLogin, client.key);
  const auto address_key = throttle::address_key(throttle::kLogin, address.key);
  auto& ledger = tx.throttles();
  const auto by_client = ledger.count_events(client_key, throttle::window_start(per_client, now));
  if (throttle::reached(by_client, per_client))
    return errors::too_many_passwords(throttle::seconds_until_free(by_client, per_client, now));
  const auto by_address =
      ledger.count_events(address_key, throttle::window_start(per_address, now));
  if (throttle::reached(by_address, per_address))
    return errors::too_many_passwords(throttle::seconds_until_free(by_address, per_address, now));
  Attempt attempt;
  attempt.client_event = ledger.add_event(client_key, now);
  attempt.address_event = ledger.add_event(address_key, now);
  attempt.locks_client = by_client.count + 1 >= per_client.max;
  attempt.locks_address = by_address.count + 1 >= per_address.max;
  return attempt;
}

Result<Attempt> reserve_attempt(const Kernel& kernel, const Address& address, const Client& client,
                                std::optional<ports::AccountRecord>* account) {
  // Short unit of work: the verdict, the reservation and the account; no hashing while open.
  auto tx = kernel.store().begin();
  tx->lock(throttle::client_lock(client.key));
  tx->lock(throttle::address_lock(address.key));
  auto attempt = reserve_attempt(kernel, *tx, address, client);
  if (!attempt.ok()) return attempt;
  if (account != nullptr) *account = tx->accounts().find_account_by_email(address.text);
  tx->commit();
  return attempt;
}

void settle_attempt(const Kernel& kernel, ports::UnitOfWork& tx, const Attempt& attempt, bool good,
                    SecurityEventKind failure, const Address& address, const Client& client,
                    std::optional<std::int64_t> account_id) {
  if (good) {
    tx.throttles().remove_event(attempt.client_event);
    tx.throttles().clear_events(throttle::address_key(throttle::kLogin, address.key));
    return;
  }
  const auto result = failure == SecurityEventKind::kSecondFactorFailed
                          ? to_string(ErrorCode::kInvalidCode)
                          : to_string(ErrorCode::kInvalidCredentials);
  kernel.security(failure, result, account_id, client, address.tag);
  if (attempt.locks_address || attempt.locks_client)
    kernel.security(SecurityEventKind::kLockout, "too_many_attempts", account_id, client,
                    address.tag);
}

void release_attempt(ports::UnitOfWork& tx, const Attempt& attempt) {
  tx.throttles().remove_event(attempt.client_event);
  tx.throttles().remove_event(attempt.address_event);
}

GiveBackIfInterrupted::~GiveBackIfInterrupted() {
  if (!armed_ || std::uncaught_exceptions() <= unwinding_before_) return;
  try {
    auto tx = kernel_.store().begin();
    tx->throttles().remove_event(attempt_.client_event);
    tx->throttles().remove_event(attempt_.address_event);
    tx->commit();
  } catch (...) {  // NOLINT(bugprone-empty-catch): best effort, and we are unwinding already
  }
}

}  // namespace authlens::account
