#pragma once
// CPU time of the calling thread, the unit in which logging reports its own cost.
#include <cstdint>
#include <ctime>

namespace authlens::log {

inline std::int64_t thread_cpu_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace authlens::log
