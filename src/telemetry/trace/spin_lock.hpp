#pragma once
// A lock for the few nanoseconds a span's fields are touched: spans are almost never contended,
// and std::mutex would cost more than the work it guards.
#include <atomic>

namespace authlens::trace {

class SpinLock {
 public:
  void lock() noexcept {
    while (flag_.test_and_set(std::memory_order_acquire)) {
      while (flag_.test(std::memory_order_relaxed)) {
      }
    }
  }
  void unlock() noexcept { flag_.clear(std::memory_order_release); }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

}  // namespace authlens::trace
