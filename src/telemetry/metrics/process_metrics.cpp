#include "telemetry/metrics/process_metrics.hpp"

#include <algorithm>
#include <ctime>

namespace authlens::metrics {
namespace {

double process_cpu_seconds() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

prometheus::Gauge& gauge(prometheus::Registry& registry, const char* name, const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry).Add({});
}

}  // namespace

ProcessMetrics::ProcessMetrics(prometheus::Registry& registry)
    : cpu_seconds_(prometheus::BuildCounter()
                       .Name("process_cpu_seconds_total")
                       .Help("Total user and system CPU time spent in seconds.")
                       .Register(registry)
                       .Add({})),
      resident_bytes_(
          gauge(registry, "process_resident_memory_bytes", "Resident memory size in bytes.")),
      virtual_bytes_(
          gauge(registry, "process_virtual_memory_bytes", "Virtual memory size in bytes.")),
      open_fds_(gauge(registry, "process_open_fds", "Number of open file descriptors.")),
      max_fds_(gauge(registry, "process_max_fds", "Maximum number of open file descriptors.")),
      start_time_(gauge(registry, "process_start_time_seconds",
                        "Start time of the process since unix epoch in seconds.")),
      cpu_usage_(gauge(registry, "cpu_usage",
                       "Process CPU usage in percent of one core since the previous scrape.")),
      memory_usage_(gauge(registry, "memory_usage", "Process resident memory in bytes.")),
      last_at_(std::chrono::steady_clock::now()),
      last_cpu_seconds_(process_cpu_seconds()) {}

void ProcessMetrics::refresh() {
  const auto stats = read_process_stats();
  if (!stats) return;  // keep the last values rather than report zeros
  const auto now = std::chrono::steady_clock::now();

  // Counters only go up: add the growth since the last scrape.
  cpu_seconds_.Increment(stats->cpu_seconds - cpu_seconds_.Value());
  resident_bytes_.Set(stats->resident_bytes);
  virtual_bytes_.Set(stats->virtual_bytes);
  open_fds_.Set(stats->open_fds);
  max_fds_.Set(stats->max_fds);
  start_time_.Set(stats->start_time_seconds);
  memory_usage_.Set(stats->resident_bytes);

  const double cpu = process_cpu_seconds();
  const double wall = std::chrono::duration<double>(now - last_at_).count();
  if (wall > 0) cpu_usage_.Set(100.0 * std::max(cpu - last_cpu_seconds_, 0.0) / wall);
  last_at_ = now;
  last_cpu_seconds_ = cpu;
}

}  // namespace authlens::metrics
