#pragma once
// Wall-clock timestamps as OTLP carries them (nanoseconds since the Unix epoch).
#include <chrono>
#include <cstdint>

namespace authlens::trace {

inline std::uint64_t now_unix_nano() noexcept {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace authlens::trace
