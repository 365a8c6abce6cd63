#pragma once
// When a connection's current read or write must be over. The server checks every connection's
// deadline from one periodic timer (Server's sweep) instead of arming and cancelling a timer
// around every read and write as beast::tcp_stream does: for a small keep-alive request that pair
// cost thousands of instructions, more than parsing the request. The price is precision: a
// deadline is noticed up to one sweep period late.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>

namespace authlens::http {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  void expires_after(Clock::duration timeout) noexcept {
    at_.store((Clock::now() + timeout).time_since_epoch().count(), std::memory_order_relaxed);
  }
  void never() noexcept { at_.store(kNever, std::memory_order_relaxed); }
  bool passed(Clock::time_point now) const noexcept {
    return now.time_since_epoch().count() >= at_.load(std::memory_order_relaxed);
  }

 private:
  static constexpr Clock::rep kNever = std::numeric_limits<Clock::rep>::max();
  std::atomic<Clock::rep> at_{kNever};
};

}  // namespace authlens::http
