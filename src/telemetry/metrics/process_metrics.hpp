#pragma once
// The standard process_* families plus the original service's cpu_usage and memory_usage
// gauges, refreshed from /proc right before each scrape is serialized.
#include <chrono>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "telemetry/metrics/process_stats.hpp"

namespace authlens::metrics {

class ProcessMetrics {
 public:
  explicit ProcessMetrics(prometheus::Registry& registry);

  // Not thread-safe: the caller serializes scrapes.
  void refresh();

 private:
  prometheus::Counter& cpu_seconds_;
  prometheus::Gauge& resident_bytes_;
  prometheus::Gauge& virtual_bytes_;
  prometheus::Gauge& open_fds_;
  prometheus::Gauge& max_fds_;
  prometheus::Gauge& start_time_;
  prometheus::Gauge& cpu_usage_;
  prometheus::Gauge& memory_usage_;
  // The previous scrape (or construction), so cpu_usage is the percentage over the interval
  // between scrapes. Measured with CLOCK_PROCESS_CPUTIME_ID: /proc's 10 ms ticks are too coarse
  // for short intervals.
  std::chrono::steady_clock::time_point last_at_;
  double last_cpu_seconds_ = 0;
};

}  // namespace authlens::metrics
