#include "telemetry/trace/sdk/id_generator.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace authlens::trace {
namespace {

// Enough ids to cross many of a thread's keystream refills: a nonce reused across refills, or a
// refill that repeated the last block, would repeat ids.
constexpr int kIdsPerThread = 20000;

bool is_zero(const auto& id) {
  for (auto b : id)
    if (b != 0) return false;
  return true;
}

TEST(IdGenerator, IdsAreNeverZeroAndNeverRepeatWithinAThread) {
  std::set<TraceId> trace_ids;
  std::set<SpanId> span_ids;
  for (int i = 0; i < kIdsPerThread; ++i) {
    const TraceId t = generate_trace_id();
    const SpanId s = generate_span_id();
    ASSERT_FALSE(is_zero(t));
    ASSERT_FALSE(is_zero(s));
    trace_ids.insert(t);
    span_ids.insert(s);
  }
  EXPECT_EQ(trace_ids.size(), std::size_t{kIdsPerThread});
  EXPECT_EQ(span_ids.size(), std::size_t{kIdsPerThread});
}

TEST(IdGenerator, ThreadsDrawDistinctIds) {
  // Each thread keys its own keystream: threads sharing a key (or a seed) would draw the same ids.
  constexpr int kThreads = 4;
  std::vector<std::vector<SpanId>> drawn(kThreads);
  std::vector<std::thread> threads;
  for (auto& ids : drawn)
    threads.emplace_back([&ids] {
      for (int i = 0; i < kIdsPerThread; ++i) ids.push_back(generate_span_id());
    });
  for (auto& t : threads) t.join();
  std::set<SpanId> all;
  for (const auto& ids : drawn) all.insert(ids.begin(), ids.end());
  EXPECT_EQ(all.size(), std::size_t{kThreads} * kIdsPerThread);
}

TEST(IdGenerator, TraceIdBytesAreAllUsed) {
  // Every byte of a trace id varies (W3C: the rightmost seven bytes must be random), none is
  // stuck at a constant.
  std::vector<std::set<std::uint8_t>> values(16);
  for (int i = 0; i < 1000; ++i) {
    const TraceId t = generate_trace_id();
    for (std::size_t b = 0; b < t.size(); ++b) values[b].insert(t[b]);
  }
  for (const auto& seen : values) EXPECT_GT(seen.size(), 200u);
}

}  // namespace
}  // namespace authlens::trace
