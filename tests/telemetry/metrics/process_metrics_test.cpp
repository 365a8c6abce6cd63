#include <gtest/gtest.h>
#include <unistd.h>

#include <sys/resource.h>

#include <chrono>
#include <ctime>

#include "telemetry/metrics/exposition.hpp"
#include "telemetry/metrics/metrics.hpp"
#include "telemetry/metrics/process_stats.hpp"
#include "telemetry/thread_cpu.hpp"

namespace authlens::metrics {
namespace {

using testing::has_family;
using testing::sample;

TEST(ParseProcStat, CountsFieldsFromTheLastParenthesis) {
  // comm "a) (b c" contains spaces and parentheses; utime 250, stime 50 ticks, starttime 1000,
  // vsize 4096000, rss 300 pages.
  const std::string stat =
      "4242 (a) (b c) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 1000 4096000 300 "
      "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
  ProcessStats s;
  ASSERT_TRUE(parse_proc_stat(stat, 100, 4096, 1'700'000'000, s));
  EXPECT_DOUBLE_EQ(s.cpu_seconds, 3.0);
  EXPECT_DOUBLE_EQ(s.start_time_seconds, 1'700'000'010.0);
  EXPECT_DOUBLE_EQ(s.virtual_bytes, 4096000);
  EXPECT_DOUBLE_EQ(s.resident_bytes, 300.0 * 4096);
}

TEST(ParseProcStat, RejectsTruncatedText) {
  ProcessStats s;
  EXPECT_FALSE(parse_proc_stat("4242 (x) S 1 2 3", 100, 4096, 0, s));
  EXPECT_FALSE(parse_proc_stat("garbage", 100, 4096, 0, s));
}

TEST(ReadProcessStats, ReadingsArePlausible) {
  // Some CPU first, measured by this thread's own clock, so the process total has a floor.
  const std::int64_t cpu_start = telemetry::thread_cpu_ns();
  volatile unsigned spin = 0;
  while (telemetry::thread_cpu_ns() - cpu_start < 50'000'000) spin = spin + 1;
  const double thread_seconds = static_cast<double>(telemetry::thread_cpu_ns()) * 1e-9;
  const auto s = read_process_stats();
  rusage usage{};
  ASSERT_EQ(getrusage(RUSAGE_SELF, &usage), 0);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec * 1e-6; };
  const double rusage_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  ASSERT_TRUE(s.has_value());
  EXPECT_GT(s->resident_bytes, 1 << 20);
  EXPECT_GE(s->virtual_bytes, s->resident_bytes);
  // /proc counts in clock ticks (1/100 s here): within a few ticks of what the kernel reports
  // through getrusage, and at least what this thread alone has used.
  EXPECT_NEAR(s->cpu_seconds, rusage_seconds, 0.05);
  EXPECT_GE(s->cpu_seconds, thread_seconds - 0.02);
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(s->start_time_seconds, now + 1);
  EXPECT_GT(s->start_time_seconds, now - 86400);
  EXPECT_GE(s->open_fds, 3);  // stdin, stdout, stderr at least
  EXPECT_GE(s->max_fds, s->open_fds);
}

TEST(ReadProcessStats, OpenFdsFollowsOpenAndClose) {
  const double before = read_process_stats()->open_fds;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  EXPECT_EQ(read_process_stats()->open_fds, before + 2);
  close(fds[0]);
  close(fds[1]);
  EXPECT_EQ(read_process_stats()->open_fds, before);
}

TEST(ProcessMetrics, RenderedFamiliesArePresentAndPlausible) {
  Metrics m;
  // Burn some CPU so the counter and the usage gauge have something to show.
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
  volatile unsigned spin = 0;
  while (std::chrono::steady_clock::now() < until) spin = spin + 1;
  m.render();
  const std::string text = m.render();
  EXPECT_TRUE(has_family(text, "process_cpu_seconds_total", "counter"));
  for (const char* gauge :
       {"process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds",
        "process_max_fds", "process_start_time_seconds", "cpu_usage", "memory_usage"})
    EXPECT_TRUE(has_family(text, gauge, "gauge")) << gauge;
  EXPECT_GT(*sample(text, "process_cpu_seconds_total"), 0);
  EXPECT_GT(*sample(text, "process_resident_memory_bytes"), 0);
  EXPECT_GT(*sample(text, "memory_usage"), 0);
  const double usage = *sample(text, "cpu_usage");
  EXPECT_GE(usage, 0);
  EXPECT_LE(usage, 100.0 * sysconf(_SC_NPROCESSORS_ONLN) * 1.5);
  const double now = static_cast<double>(std::time(nullptr));
  const double start = *sample(text, "process_start_time_seconds");
  EXPECT_GT(start, now - 86400);
  EXPECT_LE(start, now + 1);
}

TEST(ProcessMetrics, CpuUsageReflectsTheIntervalSinceThePreviousScrape) {
  Metrics m;
  m.render();
  // 200 ms of this thread's CPU between two scrapes (by its own clock, not wall time: no
  // bound here depends on how busy the machine is).
  const std::int64_t cpu_start = telemetry::thread_cpu_ns();
  volatile unsigned spin = 0;
  while (telemetry::thread_cpu_ns() - cpu_start < 200'000'000) spin = spin + 1;
  const std::string text = m.render();
  const double usage = *sample(text, "cpu_usage");
  EXPECT_GT(usage, 0.0);  // the interval had CPU in it
  EXPECT_LE(usage, 100.0 * sysconf(_SC_NPROCESSORS_ONLN) * 1.1);
}

}  // namespace
}  // namespace authlens::metrics
