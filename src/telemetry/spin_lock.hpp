#pragma once
// A lock for critical sections of a few dozen nanoseconds that are almost never contended (a
// span's fields, appending a log line): std::mutex would cost more than the work it guards.
// A waiter that keeps finding it taken yields, so a preempted holder is not spun against for a
// whole time slice on a small machine.
#include <atomic>
#include <thread>

namespace authlens::telemetry {

class SpinLock {
 public:
  void lock() noexcept {
    for (int spins = 0; flag_.test_and_set(std::memory_order_acquire);) {
      while (flag_.test(std::memory_order_relaxed)) {
        if (++spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
          __builtin_ia32_pause();
#endif
        } else {
          std::this_thread::yield();
        }
      }
    }
  }
  // True when taken; never waits.
  bool try_lock() noexcept { return !flag_.test_and_set(std::memory_order_acquire); }
  void unlock() noexcept { flag_.clear(std::memory_order_release); }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

}  // namespace authlens::telemetry
