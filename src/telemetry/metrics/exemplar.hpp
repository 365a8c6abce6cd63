#pragma once
// OpenMetrics exemplars: the trace of one observation kept beside the bucket it fell in, so a
// dashboard can go from a latency bucket to a trace that landed there. Only sampled requests
// leave one (an unsampled trace id points at nothing), and each bucket keeps the latest.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "telemetry/spin_lock.hpp"

namespace authlens::metrics {

// The span an observation was made in: W3C ids as bytes (telemetry/trace/api's TraceId, SpanId).
struct TraceRef {
  std::array<std::uint8_t, 16> trace_id{};
  std::array<std::uint8_t, 8> span_id{};
};

struct Exemplar {
  TraceRef trace;
  double value = 0;
  double timestamp_seconds = 0;  // Unix time of the observation
};

// One bucket's latest exemplar. Writers that find it taken skip theirs (a newer one is being
// written): a request never waits for another's exemplar, and the scrape's read is a copy.
class ExemplarSlot {
 public:
  void offer(const TraceRef& trace, double value, double timestamp_seconds) noexcept {
    if (!lock_.try_lock()) return;
    exemplar_ = {trace, value, timestamp_seconds};
    present_ = true;
    lock_.unlock();
  }
  // False when no exemplar was offered yet.
  bool read(Exemplar& out) const noexcept {
    lock_.lock();
    const bool present = present_;
    if (present) out = exemplar_;
    lock_.unlock();
    return present;
  }

 private:
  mutable telemetry::SpinLock lock_;
  bool present_ = false;
  Exemplar exemplar_;
};

// The exemplars of one histogram family as collected for a scrape: by_metric[m][b] belongs to
// the family's metric m, bucket b (in the order the family lists them).
struct HistogramExemplars {
  std::string family;
  std::vector<std::vector<std::optional<Exemplar>>> by_metric;
};

}  // namespace authlens::metrics
