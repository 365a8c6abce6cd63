#pragma once
// Adapters from the domain's and the mail worker's observer interfaces to Prometheus metrics and
// the security log.
#include "account/observer.hpp"
#include "mail/outbox_worker.hpp"
#include "telemetry/log/logger.hpp"
#include "telemetry/metrics/metrics.hpp"

namespace authlens::app {

class DomainObservers final : public account::AccountObserver, public mail::DeliveryObserver {
 public:
  // metrics null: metrics off.
  DomainObservers(metrics::Metrics* metrics, log::Logger& logger)
      : metrics_(metrics), logger_(logger) {}

  void on_event(std::string_view event, std::string_view result) override {
    if (metrics_ != nullptr) metrics_->auth_event(event, result);
  }
  void on_password_hash(std::string_view operation, double seconds) override {
    if (metrics_ != nullptr) metrics_->password_hash(operation, seconds);
  }
  // One line per event, and counted beside the flows (authlens_auth_events_total{event,result}).
  // The address stays out of the log (personal data); its keyed tag correlates lines about it.
  void on_security_event(const account::SecurityEvent& event) override {
    const auto& what = account::info(event.kind);
    if (metrics_ != nullptr) metrics_->auth_event(what.name, event.result);
    const auto level =
        what.level == account::SecurityLevel::kWarn ? log::Level::kWarn : log::Level::kInfo;
    if (event.account_id) {
      logger_.log(level, "security event",
                  {{"event", what.name},
                   {"event.result", event.result},
                   {"account.id", *event.account_id},
                   {"client.address", event.client_address},
                   {"address.tag", event.address_tag}});
    } else {
      logger_.log(level, "security event",
                  {{"event", what.name},
                   {"event.result", event.result},
                   {"client.address", event.client_address},
                   {"address.tag", event.address_tag}});
    }
  }
  void on_delivery(std::string_view result) override {
    if (metrics_ != nullptr) metrics_->mail_delivery(result);
  }

 private:
  metrics::Metrics* metrics_;
  log::Logger& logger_;
};

}  // namespace authlens::app
