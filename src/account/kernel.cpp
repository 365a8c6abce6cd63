#include "account/kernel.hpp"

namespace authlens::account {

Kernel::Kernel(Dependencies deps, AccountSettings settings)
    : deps_(std::move(deps)),
      settings_(std::move(settings)),
      server_key_(deps_.store.server_key()),
      code_seal_(server_key_) {}

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
