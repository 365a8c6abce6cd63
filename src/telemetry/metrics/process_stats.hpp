#pragma once
// What the kernel says about this process, read from /proc when /metrics is scraped
// (prometheus-cpp has no process collector).
#include <optional>
#include <string_view>

namespace authlens::metrics {

struct ProcessStats {
  double cpu_seconds = 0;  // user + system
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double start_time_seconds = 0;  // Unix time
  double open_fds = 0;
  double max_fds = 0;  // soft RLIMIT_NOFILE
};

// Fills the /proc/self/stat part from that file's text (exposed for tests; `comm` may contain
// spaces and parentheses, so fields are counted from the last ')').
bool parse_proc_stat(std::string_view stat, double ticks_per_second, double page_size,
                     double boot_time_seconds, ProcessStats& out) noexcept;

// Reads /proc/self/stat, /proc/stat (btime), /proc/self/fd and the fd limit; nullopt if /proc
// is unreadable.
std::optional<ProcessStats> read_process_stats();

}  // namespace authlens::metrics
