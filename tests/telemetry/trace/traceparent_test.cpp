#include "telemetry/trace/api/traceparent.hpp"

#include <gtest/gtest.h>

namespace authlens::trace {
namespace {

constexpr std::string_view kValid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(Traceparent, ParsesValidHeader) {
  auto ctx = extract_trace_context(kValid, "congo=t61rcWkgMzE");
  ASSERT_TRUE(ctx);
  EXPECT_EQ(to_hex(ctx->trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(to_hex(ctx->span_id), "00f067aa0ba902b7");
  EXPECT_TRUE(ctx->is_sampled());
  EXPECT_TRUE(ctx->is_remote);
  EXPECT_EQ(ctx->trace_state, "congo=t61rcWkgMzE");
}

TEST(Traceparent, NotSampledFlag) {
  auto ctx = extract_trace_context("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", "");
  ASSERT_TRUE(ctx);
  EXPECT_FALSE(ctx->is_sampled());
}

TEST(Traceparent, RejectsInvalidHeaders) {
  const char* invalid[] = {
      "",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",    // short
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",  // v00 must be exact
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  // uppercase
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // zero span id
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // forbidden version
      "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // non-hex version
      "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // bad separator
      "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",  // non-hex id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz",
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",  // future: '-' needed
  };
  for (const char* header : invalid) EXPECT_FALSE(extract_trace_context(header, "a=b")) << header;
}

TEST(Traceparent, AcceptsFutureVersionWithExtraFields) {
  auto ctx =
      extract_trace_context("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what", "");
  ASSERT_TRUE(ctx);
  EXPECT_EQ(to_hex(ctx->span_id), "00f067aa0ba902b7");
  EXPECT_TRUE(extract_trace_context("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ""));
}

TEST(Traceparent, UnknownFlagsAreNotPassedOn) {
  auto ctx = extract_trace_context("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff", "");
  ASSERT_TRUE(ctx);
  EXPECT_EQ(ctx->trace_flags, kTraceFlagSampled);
}

TEST(Traceparent, TracestateBoundedAndOnlyWithValidParent) {
  std::string long_state(kMaxTracestateLength + 1, 'a');
  auto ctx = extract_trace_context(kValid, long_state);
  ASSERT_TRUE(ctx);
  EXPECT_TRUE(ctx->trace_state.empty());
  ctx = extract_trace_context(kValid, "a=b\nc=d");
  ASSERT_TRUE(ctx);
  EXPECT_TRUE(ctx->trace_state.empty());
  EXPECT_FALSE(extract_trace_context("garbage", "a=b"));
}

TEST(Traceparent, FormatRoundTrips) {
  auto ctx = extract_trace_context(kValid, "");
  ASSERT_TRUE(ctx);
  EXPECT_EQ(format_traceparent(*ctx), kValid);
  char buf[kTraceparentLength];
  ctx->trace_flags = 0;
  write_traceparent(*ctx, buf);
  EXPECT_EQ(std::string_view(buf, sizeof buf),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
}

}  // namespace
}  // namespace authlens::trace
