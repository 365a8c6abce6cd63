#pragma once
// Adapters from the domain's and the mail worker's observer interfaces to Prometheus metrics.
#include "account/observer.hpp"
#include "mail/outbox_worker.hpp"
#include "telemetry/metrics/metrics.hpp"

namespace authlens::app {

class MetricsObservers final : public account::AccountObserver, public mail::DeliveryObserver {
 public:
  explicit MetricsObservers(metrics::Metrics* metrics) : metrics_(metrics) {}  // null: metrics off

  void on_event(std::string_view event, std::string_view result) override {
    if (metrics_ != nullptr) metrics_->auth_event(event, result);
  }
  void on_password_hash(std::string_view operation, double seconds) override {
    if (metrics_ != nullptr) metrics_->password_hash(operation, seconds);
  }
  void on_delivery(std::string_view result) override {
    if (metrics_ != nullptr) metrics_->mail_delivery(result);
  }

 private:
  metrics::Metrics* metrics_;
};

}  // namespace authlens::app
