#pragma once
// CPU time of the calling thread: the unit in which every signal (traces, metrics, logs) reports
// what it costs. A syscall (no vDSO for this clock), so callers sample rather than time each call.
#include <cstdint>
#include <ctime>

namespace authlens::telemetry {

inline std::int64_t thread_cpu_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace authlens::telemetry
