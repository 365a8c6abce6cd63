#pragma once
// What a signal (traces, metrics, logs) costs on the threads that call it, without making it
// cost more: one call in kEvery, per thread and per signal, is timed with the thread CPU clock
// (a system call, too dear for every call) and counted kEvery times. One sampler per signal;
// the counters are per thread and per signal, so one signal's call pattern cannot starve
// another's samples. Exact costs (a signal's own threads) are added unscaled.
#include <array>
#include <atomic>
#include <cstdint>

#include "telemetry/thread_cpu.hpp"

namespace authlens::telemetry {

enum class Signal : unsigned { kTraces = 0, kMetrics = 1, kLogs = 2 };

class CostSampler {
 public:
  static constexpr std::uint32_t kEvery = 64;

  explicit CostSampler(Signal signal) noexcept : signal_(static_cast<unsigned>(signal)) {}

  // Decides for this call; when true, take a thread_cpu_ns() reading and hand it to
  // add_sampled() when the work is done (for work that starts and ends in different places).
  bool sample_this_call() noexcept {
    thread_local std::array<std::uint32_t, 3> calls{};
    return calls[signal_]++ % kEvery == 0;
  }
  void add_sampled(std::int64_t start_ns) noexcept {
    ns_.fetch_add(thread_cpu_ns_since(start_ns) * kEvery, std::memory_order_relaxed);
  }

  // Runs `work`, timing it when this call is sampled.
  template <typename F>
  void run(F&& work) {
    if (!sample_this_call()) {
      work();
      return;
    }
    const std::int64_t start = thread_cpu_ns();
    work();
    add_sampled(start);
  }

  void add_ns(std::int64_t ns) noexcept { ns_.fetch_add(ns, std::memory_order_relaxed); }
  std::int64_t ns() const noexcept { return ns_.load(std::memory_order_relaxed); }
  double seconds() const noexcept { return static_cast<double>(ns()) * 1e-9; }

 private:
  const unsigned signal_;
  std::atomic<std::int64_t> ns_{0};
};

}  // namespace authlens::telemetry
