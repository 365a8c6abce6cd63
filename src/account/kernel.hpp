#pragma once
// What every flow and strategy is built on: the store's ports, the clock, tracing, the observer,
// the settings and the deployment's keys. One per service, shared by every flow; immutable after
// construction, so any thread may use it.
#include <functional>
#include <optional>
#include <string_view>

#include "account/client.hpp"
#include "account/clock.hpp"
#include "account/observer.hpp"
#include "account/parts/global_ceiling.hpp"
#include "account/ports/account_store.hpp"
#include "account/result.hpp"
#include "account/settings.hpp"
#include "mail/code_seal.hpp"

namespace authlens::trace {
class Tracer;
}

namespace authlens::account {

class Kernel {
 public:
  struct Dependencies {
    ports::AccountStore& store;
    const Clock& clock;
    trace::Tracer& tracer;
    AccountObserver* observer = nullptr;   // may be null
    std::function<void()> on_mail_queued;  // wakes the outbox worker; may be empty
  };

  Kernel(Dependencies deps, AccountSettings settings);

  ports::AccountStore& store() const noexcept { return deps_.store; }
  std::int64_t now() const { return deps_.clock.now(); }
  trace::Tracer& tracer() const noexcept { return deps_.tracer; }
  AccountObserver* observer() const noexcept { return deps_.observer; }
  const AccountSettings& settings() const noexcept { return settings_; }
  // The passkeys' origins once the public listener's port is known; before serving only (the
  // settings are read without a lock afterwards).
  void set_webauthn_origins(std::vector<std::string> origins) {
    settings_.webauthn_origins = std::move(origins);
  }
  const ports::Digest& server_key() const noexcept { return server_key_; }
  const mail::CodeSeal& code_seal() const noexcept { return code_seal_; }

  // A flow's outcome, once (metrics).
  void report(std::string_view flow, std::string_view result) const;
  void security(SecurityEventKind kind, std::string_view result,
                std::optional<std::int64_t> account_id, const Client& client,
                std::string_view address_tag) const;
  // After a commit that queued mail.
  void mail_queued() const;

  // The replica's hourly ceilings (internally synchronised, hence usable through a const Kernel).
  GlobalCeiling& code_checks() const noexcept { return code_checks_; }
  GlobalCeiling& mail_requests() const noexcept { return mail_requests_; }
  // Counts one unit of `ceiling`'s work, or answers 429 rate_limited (and logs the first
  // refusal of each minute as a security event).
  Status take(GlobalCeiling& ceiling, std::string_view what, const Client& client) const;

 private:
  Dependencies deps_;
  AccountSettings settings_;
  ports::Digest server_key_;
  mail::CodeSeal code_seal_;
  mutable GlobalCeiling code_checks_;
  mutable GlobalCeiling mail_requests_;
};

// Runs one flow and reports its result once, also when the store fails (which then propagates:
// the HTTP layer answers 503).
template <typename T, typename Body>
Result<T> run_flow(const Kernel& kernel, std::string_view name, Body&& body) {
  try {
    Result<T> result = body();
    kernel.report(name, result.ok() ? "ok" : to_string(result.error().code));
    return result;
  } catch (const ports::Unavailable&) {
    kernel.report(name, to_string(ErrorCode::kUnavailable));
    throw;
  }
}

}  // namespace authlens::account
