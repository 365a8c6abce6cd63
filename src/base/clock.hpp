#pragma once
// The one clock: wall time as the service stores it (Unix seconds: codes, sessions, throttles,
// the outbox) and as OTLP carries it (Unix nanoseconds: spans). Code that decides by time takes a
// `const Clock&`, so tests can move time; SystemClock reads the system's.
#include <chrono>
#include <cstdint>

namespace authlens {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now() const = 0;  // Unix seconds
};

class SystemClock final : public Clock {
 public:
  std::int64_t now() const override { return unix_seconds(); }

  static std::int64_t unix_seconds() noexcept {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  // Not virtual: the span hot path reads it twice per span.
  static std::uint64_t unix_nano() noexcept {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  }
  // One instance for whoever needs a default.
  static const SystemClock& instance() noexcept {
    static const SystemClock clock;
    return clock;
  }
};

}  // namespace authlens
