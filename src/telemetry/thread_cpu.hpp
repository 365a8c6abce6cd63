#pragma once
// CPU time of the calling thread: the unit in which every signal (traces, metrics, logs) reports
// what it costs. A syscall (no vDSO for this clock), so callers sample rather than time each call.
#include <algorithm>
#include <cstdint>
#include <ctime>

namespace authlens::telemetry {

inline std::int64_t thread_cpu_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// What one reading itself adds to an interval: the cheapest of a few back-to-back pairs,
// measured once. Sampled costs are a few hundred nanoseconds, the same order as the clock,
// so without this correction every signal would overstate its cost.
inline std::int64_t thread_cpu_clock_overhead_ns() noexcept {
  static const std::int64_t overhead = [] {
    std::int64_t best = INT64_MAX;
    for (int i = 0; i < 64; ++i) {
      const std::int64_t a = thread_cpu_ns();
      best = std::min(best, thread_cpu_ns() - a);
    }
    return best;
  }();
  return overhead;
}

// CPU spent by this thread since `start` (a thread_cpu_ns() reading), less the clock's own cost.
inline std::int64_t thread_cpu_ns_since(std::int64_t start) noexcept {
  return std::max<std::int64_t>(0, thread_cpu_ns() - start - thread_cpu_clock_overhead_ns());
}

}  // namespace authlens::telemetry
