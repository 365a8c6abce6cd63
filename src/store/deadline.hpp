#pragma once
// How long the database may take. Every store call waits at most until a deadline, and past it
// gives up with StoreTimeout (the HTTP layer answers 503 unavailable), however the database
// behaves: a frozen server, a partitioned network and a held lock all end at the deadline.
//
// The caller may set a deadline for its thread (a request's: its arrival plus the store
// timeout). While the database is healthy every call still gets the store's whole timeout: a
// request that queued for a worker waited for the server, not for the database. While it fails,
// calls keep their caller's deadline, so requests queued behind ones stuck on a frozen database
// are answered at once instead of each waiting its turn for the timeout.
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

// The deadline a store call starting now has, as described above: now + `timeout` at least while
// the database is `healthy` (a longer scope, such as housekeeping's, stays longer), else the
// scope's deadline when there is one.
DeadlineClock::time_point call_deadline(std::chrono::milliseconds timeout, bool healthy) noexcept;

// The time left until `deadline` (zero when it has passed).
std::chrono::milliseconds time_left(DeadlineClock::time_point deadline) noexcept;

}  // namespace authlens::store
