#include "account/parts/global_ceiling.hpp"

#include <algorithm>

namespace authlens::account {

void GlobalCeiling::advance(std::int64_t minute) {
  if (minute <= newest_minute_) return;  // a clock that steps back counts into the newest minute
  const auto gap = std::min<std::int64_t>(minute - newest_minute_, kMinutes);
  for (std::int64_t m = 1; m <= gap; ++m) {
    auto& slot = counts_[static_cast<std::size_t>((newest_minute_ + m) % kMinutes)];
    total_ -= slot;
    slot = 0;
  }
  newest_minute_ = minute;
}

GlobalCeiling::Verdict GlobalCeiling::take(std::int64_t now) {
  const auto minute = now / 60;
  std::lock_guard lock(mu_);
  advance(minute);
  if (total_ >= per_hour_) {
    if (refused_minute_ == newest_minute_) return Verdict::kRefused;
    refused_minute_ = newest_minute_;
    return Verdict::kFirstRefused;
  }
  ++counts_[static_cast<std::size_t>(newest_minute_ % kMinutes)];
  ++total_;
  return Verdict::kTaken;
}

int GlobalCeiling::seconds_until_free(std::int64_t now) const {
  std::lock_guard lock(mu_);
  // The oldest minute still counted leaves the window when the newest is 60 minutes past it.
  for (std::int64_t m = newest_minute_ - kMinutes + 1; m <= newest_minute_; ++m) {
    if (counts_[static_cast<std::size_t>(((m % kMinutes) + kMinutes) % kMinutes)] > 0) {
      const auto free_at = (m + kMinutes) * 60;
      return static_cast<int>(std::max<std::int64_t>(1, free_at - now));
    }
  }
  return 1;
}

}  // namespace authlens::account
