#pragma once
// Estimates the CPU that recording metrics costs on callers' threads: one call in kEvery is timed
// with CLOCK_THREAD_CPUTIME_ID (a syscall, too dear for every call) and counted kEvery times.
#include <atomic>
#include <cstdint>

#include "telemetry/thread_cpu.hpp"

namespace authlens::metrics {

class CostSampler {
 public:
  static constexpr std::uint32_t kEvery = 64;

  template <typename F>
  void run(F&& work) {
    thread_local std::uint32_t calls = 0;
    if (++calls % kEvery != 0) {
      work();
      return;
    }
    const std::int64_t start = telemetry::thread_cpu_ns();
    work();
    ns_.fetch_add(telemetry::thread_cpu_ns_since(start) * kEvery, std::memory_order_relaxed);
  }

  void add_ns(std::int64_t ns) noexcept { ns_.fetch_add(ns, std::memory_order_relaxed); }
  double seconds() const noexcept {
    return static_cast<double>(ns_.load(std::memory_order_relaxed)) * 1e-9;
  }

 private:
  std::atomic<std::int64_t> ns_{0};
};

}  // namespace authlens::metrics
