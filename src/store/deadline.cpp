#include "store/deadline.hpp"

namespace authlens::store {
namespace {

thread_local std::optional<DeadlineClock::time_point> current;

}  // namespace

DeadlineScope::DeadlineScope(DeadlineClock::time_point deadline) noexcept : outer_(current) {
  current = deadline;
}

DeadlineScope::~DeadlineScope() { current = outer_; }

std::optional<DeadlineClock::time_point> scoped_deadline() noexcept { return current; }

DeadlineClock::time_point deadline_from_now(std::chrono::milliseconds timeout) noexcept {
  if (current) return *current;
  return DeadlineClock::now() + timeout;
}

std::chrono::milliseconds time_left(DeadlineClock::time_point deadline) noexcept {
  const auto left = deadline - DeadlineClock::now();
  if (left <= DeadlineClock::duration::zero()) return std::chrono::milliseconds(0);
  // Rounded up: 0 ms means "passed", never "less than a millisecond left".
  return std::chrono::ceil<std::chrono::milliseconds>(left);
}

}  // namespace authlens::store
