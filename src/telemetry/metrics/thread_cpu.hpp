#pragma once
// CPU time of the calling thread, the unit in which metrics report their own cost.
#include <cstdint>
#include <ctime>

namespace authlens::metrics {

inline std::int64_t thread_cpu_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace authlens::metrics
