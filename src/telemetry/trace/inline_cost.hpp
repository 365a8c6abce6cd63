#pragma once
// Measuring what tracing costs on request threads without making it cost more: one span in
// kInlineCostSampleEvery (per thread) has its start_span and end() timed with the thread CPU clock
// (a syscall, so not for every span), and the measurement is scaled up by the same factor.
#include <cstdint>
#include <ctime>

#include "telemetry/thread_cpu.hpp"

namespace authlens::trace::detail {

inline constexpr std::uint32_t kInlineCostSampleEvery = 64;

inline bool should_time_inline_cost() noexcept {
  thread_local std::uint32_t counter = 0;
  return counter++ % kInlineCostSampleEvery == 0;
}

inline std::uint64_t thread_cpu_nanos() noexcept {
  return static_cast<std::uint64_t>(telemetry::thread_cpu_ns());
}

}  // namespace authlens::trace::detail
