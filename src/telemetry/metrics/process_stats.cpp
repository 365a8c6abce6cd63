#include "telemetry/metrics/process_stats.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace authlens::metrics {
namespace {

std::optional<std::string> read_file(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Boot time, from the "btime" line of /proc/stat (start time in stat is in ticks since boot).
std::optional<double> boot_time_seconds() {
  static const std::optional<double> cached = []() -> std::optional<double> {
    std::ifstream in("/proc/stat");
    for (std::string line; std::getline(in, line);)
      if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
    return std::nullopt;
  }();
  return cached;
}

double count_open_fds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  const int own = dirfd(dir);  // the listing's own descriptor is not one of ours
  double count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    int fd = -1;
    const std::string_view name(entry->d_name);
    std::from_chars(name.data(), name.data() + name.size(), fd);
    if (fd != own) ++count;
  }
  closedir(dir);
  return count;
}

}  // namespace

bool parse_proc_stat(std::string_view stat, double ticks_per_second, double page_size,
                     double boot_time_seconds, ProcessStats& out) noexcept {
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos) return false;
  // Fields after comm, numbered as in proc(5): 3 state … 14 utime, 15 stime, 22 starttime,
  // 23 vsize, 24 rss.
  double fields[25] = {};
  std::size_t pos = close + 1;
  for (int field = 3; field <= 24; ++field) {
    while (pos < stat.size() && stat[pos] == ' ') ++pos;
    const std::size_t end = std::min(stat.find(' ', pos), stat.size());
    if (pos >= end) return false;
    if (field >= 14) {
      unsigned long long value = 0;
      const auto r = std::from_chars(stat.data() + pos, stat.data() + end, value);
      if (r.ec != std::errc{}) return false;
      fields[field] = static_cast<double>(value);
    }
    pos = end;
  }
  out.cpu_seconds = (fields[14] + fields[15]) / ticks_per_second;
  out.start_time_seconds = boot_time_seconds + fields[22] / ticks_per_second;
  out.virtual_bytes = fields[23];
  out.resident_bytes = fields[24] * page_size;
  return true;
}

std::optional<ProcessStats> read_process_stats() {
  const auto stat = read_file("/proc/self/stat");
  const auto boot = boot_time_seconds();
  if (!stat || !boot) return std::nullopt;
  ProcessStats s;
  if (!parse_proc_stat(*stat, static_cast<double>(sysconf(_SC_CLK_TCK)),
                       static_cast<double>(sysconf(_SC_PAGESIZE)), *boot, s))
    return std::nullopt;
  s.open_fds = count_open_fds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) s.max_fds = static_cast<double>(limit.rlim_cur);
  return s;
}

}  // namespace authlens::metrics
