#include "store/health.hpp"

namespace authlens::store {

void StoreHealth::set_reporter(Reporter reporter) {
  std::lock_guard lock(mutex_);
  reporter_ = std::move(reporter);
}

void StoreHealth::failed(std::string_view cause) {
  Reporter report;
  {
    std::lock_guard lock(mutex_);
    if (causes_.find(cause) != causes_.end()) return;
    causes_.emplace(cause);
    writable_.store(false, std::memory_order_release);
    report = reporter_;
  }
  if (report) report(std::string(cause), false);
}

void StoreHealth::wrote() {
  Reporter report;
  {
    std::lock_guard lock(mutex_);
    if (causes_.empty()) return;
    causes_.clear();
    writable_.store(true, std::memory_order_release);
    report = reporter_;
  }
  if (report) report(std::string(), true);
}

}  // namespace authlens::store
