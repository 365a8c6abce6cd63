#pragma once
// When a failed delivery is tried again: exponential, capped, with jitter so a recovering
// server isn't hit by every queued message at the same second.
#include <chrono>

namespace authlens::mail {

// `attempt` counts from 1 (the attempt that just failed); `jitter` in [0, 1] scales the delay
// down by at most a quarter, so consecutive delays still grow until the cap.
std::chrono::seconds backoff_delay(int attempt, std::chrono::seconds base, std::chrono::seconds cap,
                                   double jitter);

}  // namespace authlens::mail
