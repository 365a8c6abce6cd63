#include "mail/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace authlens::mail {

std::chrono::seconds backoff_delay(int attempt, std::chrono::seconds base, std::chrono::seconds cap,
                                   double jitter) {
  const int exponent = std::clamp(attempt - 1, 0, 30);  // 2^30 s is far beyond any cap
  const double full = std::min(static_cast<double>(base.count()) * std::ldexp(1.0, exponent),
                               static_cast<double>(cap.count()));
  const double scaled = full * (1.0 - 0.25 * std::clamp(jitter, 0.0, 1.0));
  return std::chrono::seconds{std::max<long long>(1, std::llround(scaled))};
}

}  // namespace authlens::mail
