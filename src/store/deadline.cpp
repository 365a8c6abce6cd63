#include "store/deadline.hpp"

#include <algorithm>

namespace authlens::store {
namespace {

thread_local std::optional<DeadlineClock::time_point> current;

}  // namespace

DeadlineScope::DeadlineScope(DeadlineClock::time_point deadline) noexcept : outer_(current) {
  current = deadline;
}

DeadlineScope::~DeadlineScope() { current = outer_; }

std::optional<DeadlineClock::time_point> scoped_deadline() noexcept { return current; }

DeadlineClock::time_point call_deadline(std::chrono::milliseconds timeout, bool healthy) noexcept {
  const auto fresh = DeadlineClock::now() + timeout;
  if (!current) return fresh;
  return healthy ? std::max(*current, fresh) : *current;
}

std::chrono::milliseconds time_left(DeadlineClock::time_point deadline) noexcept {
  const auto left = deadline - DeadlineClock::now();
  if (left <= DeadlineClock::duration::zero()) return std::chrono::milliseconds(0);
  // Rounded up: 0 ms means "passed", never "less than a millisecond left".
  return std::chrono::ceil<std::chrono::milliseconds>(left);
}

}  // namespace authlens::store
