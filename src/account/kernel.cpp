#include "account/kernel.hpp"

#include "account/flow_errors.hpp"

namespace authlens::account {

Kernel::Kernel(Dependencies deps, AccountSettings settings)
    : deps_(std::move(deps)),
      settings_(std::move(settings)),
      server_key_(deps_.store.server_key()),
      code_seal_(server_key_),
      code_checks_(settings_.code_checks_per_hour),
      mail_requests_(settings_.mail_requests_per_hour) {}

Status Kernel::take(GlobalCeiling& ceiling, std::string_view what, const Client& client) const {
  const auto t = now();
  const auto verdict = ceiling.take(t);
  if (verdict == GlobalCeiling::Verdict::kTaken) return ok();
  if (verdict == GlobalCeiling::Verdict::kFirstRefused)
    security(SecurityEventKind::kGlobalCeilingReached, what, std::nullopt, client, {});
  return errors::global_ceiling(ceiling.seconds_until_free(t));
}

void Kernel::report(std::string_view flow, std::string_view result) const {
  if (deps_.observer != nullptr) deps_.observer->on_event(flow, result);
}

void Kernel::security(SecurityEventKind kind, std::string_view result,
                      std::optional<std::int64_t> account_id, const Client& client,
                      std::string_view address_tag) const {
  if (deps_.observer != nullptr)
    deps_.observer->on_security_event({kind, result, account_id, client.address, address_tag});
}

void Kernel::mail_queued() const {
  if (deps_.on_mail_queued) deps_.on_mail_queued();
}

}  // namespace authlens::account
