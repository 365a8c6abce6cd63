#pragma once
// How long the database may take. Every store call waits at most until a deadline: the one the
// caller set for this thread (a request's: its arrival plus the store timeout, so a request that
// queued for a worker has less left), else the store's timeout from the call's start. Past it the
// call gives up with StoreTimeout (the HTTP layer answers 503 unavailable), however the database
// behaves: a frozen server, a partitioned network and a held lock all end at the deadline.
#include <chrono>
#include <optional>

namespace authlens::store {

using DeadlineClock = std::chrono::steady_clock;

// Sets this thread's deadline for store calls while it lives (scopes nest; the inner one wins).
class DeadlineScope {
 public:
  explicit DeadlineScope(DeadlineClock::time_point deadline) noexcept;
  ~DeadlineScope();
  DeadlineScope(const DeadlineScope&) = delete;
  DeadlineScope& operator=(const DeadlineScope&) = delete;

 private:
  std::optional<DeadlineClock::time_point> outer_;
};

// This thread's deadline, if a scope set one.
std::optional<DeadlineClock::time_point> scoped_deadline() noexcept;

// The deadline a store call starting now has: the scope's, else now + `timeout`.
DeadlineClock::time_point deadline_from_now(std::chrono::milliseconds timeout) noexcept;

// The time left until `deadline` (zero when it has passed).
std::chrono::milliseconds time_left(DeadlineClock::time_point deadline) noexcept;

}  // namespace authlens::store
