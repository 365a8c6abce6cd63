#include "telemetry/trace/sdk/sampler.hpp"

#include <gtest/gtest.h>

#include "telemetry/trace/sdk/id_generator.hpp"

namespace authlens::trace {
namespace {

int count_sampled(const Sampler& sampler, int n) {
  int sampled = 0;
  for (int i = 0; i < n; ++i) {
    if (sampler.should_sample(SpanContext{}, generate_trace_id(), "x", SpanKind::kServer) ==
        SamplingDecision::kRecordAndSample)
      ++sampled;
  }
  return sampled;
}

SpanContext parent(bool sampled, bool remote) {
  SpanContext p;
  p.trace_id = generate_trace_id();
  p.span_id = generate_span_id();
  p.trace_flags = sampled ? kTraceFlagSampled : 0;
  p.is_remote = remote;
  return p;
}

TEST(Sampler, AlwaysOnAndOff) {
  EXPECT_EQ(count_sampled(*make_always_on_sampler(), 100), 100);
  EXPECT_EQ(count_sampled(*make_always_off_sampler(), 100), 0);
}

TEST(Sampler, RatioZeroAndOne) {
  EXPECT_EQ(count_sampled(*make_trace_id_ratio_sampler(0.0), 1000), 0);
  EXPECT_EQ(count_sampled(*make_trace_id_ratio_sampler(1.0), 1000), 1000);
}

TEST(Sampler, RatioHalfIsStatisticallyHalf) {
  const int n = 20000;
  const int sampled = count_sampled(*make_trace_id_ratio_sampler(0.5), n);
  // 6 standard deviations (sqrt(n/4) ≈ 71): flaky with probability ~1e-9.
  EXPECT_NEAR(sampled, n / 2, 430);
  const int tenth = count_sampled(*make_trace_id_ratio_sampler(0.1), n);
  EXPECT_NEAR(tenth, n / 10, 260);
}

TEST(Sampler, RatioIsDeterministicOnTraceIdLowerBytes) {
  auto sampler = make_trace_id_ratio_sampler(0.5);
  TraceId low{};
  low[15] = 1;  // lower 8 bytes tiny → sampled
  TraceId high{};
  for (std::size_t i = 8; i < 16; ++i) high[i] = 0xff;
  for (std::size_t i = 0; i < 8; ++i) low[i] = high[i] = 0xff;  // upper bytes do not matter
  EXPECT_EQ(sampler->should_sample({}, low, "x", SpanKind::kInternal),
            SamplingDecision::kRecordAndSample);
  EXPECT_EQ(sampler->should_sample({}, high, "x", SpanKind::kInternal), SamplingDecision::kDrop);
  EXPECT_EQ(sampler->description(), "TraceIdRatioBased{0.5}");
}

TEST(Sampler, ParentBasedFollowsParent) {
  auto on = make_parent_based_sampler(make_always_on_sampler());
  auto off = make_parent_based_sampler(make_always_off_sampler());
  for (bool remote : {false, true}) {
    const auto sampled = parent(true, remote);
    const auto unsampled = parent(false, remote);
    EXPECT_EQ(off->should_sample(sampled, sampled.trace_id, "x", SpanKind::kServer),
              SamplingDecision::kRecordAndSample);
    EXPECT_EQ(on->should_sample(unsampled, unsampled.trace_id, "x", SpanKind::kServer),
              SamplingDecision::kDrop);
  }
  EXPECT_EQ(count_sampled(*on, 50), 50);  // roots use the root sampler
  EXPECT_EQ(count_sampled(*off, 50), 0);
}

TEST(IdGenerator, NeverZeroAndDistinct) {
  const TraceId a = generate_trace_id();
  const TraceId b = generate_trace_id();
  EXPECT_NE(a, b);
  SpanContext c;
  c.trace_id = a;
  c.span_id = generate_span_id();
  EXPECT_TRUE(c.is_valid());
}

}  // namespace
}  // namespace authlens::trace
