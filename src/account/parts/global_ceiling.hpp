#pragma once
// A replica-wide hourly ceiling on one kind of work (code checks, mail-sending requests). The
// per-client and per-address limits bound each key; this bounds their sum, so a pool of client
// addresses (an IPv6 prefix, a botnet) is not unbounded. Counted in memory, per replica: a shared
// counter would make every request of the kind contend on one database row. With N replicas the
// deployment's ceiling is N times the setting (README, "At the edge").
#include <array>
#include <cstdint>
#include <mutex>

namespace authlens::account {

class GlobalCeiling {
 public:
  enum class Verdict {
    kTaken,         // counted
    kRefused,       // the ceiling is reached
    kFirstRefused,  // the same, and the first refusal in this minute: worth one log line
  };

  explicit GlobalCeiling(int per_hour) : per_hour_(per_hour) {}

  Verdict take(std::int64_t now);
  // Seconds until the oldest counted minute leaves the window (at least 1).
  int seconds_until_free(std::int64_t now) const;

 private:
  static constexpr int kMinutes = 60;
  void advance(std::int64_t minute);  // holds mu_

  const int per_hour_;
  mutable std::mutex mu_;
  std::array<int, kMinutes> counts_{};  // per minute, ring indexed by minute % 60
  std::int64_t newest_minute_ = 0;
  std::int64_t refused_minute_ = -1;
  int total_ = 0;
};

}  // namespace authlens::account
