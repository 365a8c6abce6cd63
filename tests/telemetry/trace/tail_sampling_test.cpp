#include "telemetry/trace/sdk/tail_sampling_processor.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "telemetry/config_error.hpp"
#include "telemetry/trace/api/context.hpp"
#include "telemetry/trace/api/semconv.hpp"
#include "telemetry/trace/api/traceparent.hpp"
#include "telemetry/trace/autoconfigure/sdk_config.hpp"
#include "telemetry/trace/in_memory_exporter.hpp"
#include "telemetry/trace/sdk/simple_span_processor.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

namespace authlens::trace {
namespace {

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

struct TailFixture {
  explicit TailFixture(double ratio, std::size_t max_traces = 4096) {
    auto exp = std::make_unique<InMemorySpanExporter>();
    exporter = exp.get();
    std::vector<std::unique_ptr<SpanProcessor>> next;
    next.push_back(std::make_unique<SimpleSpanProcessor>(std::move(exp)));
    TailSamplingOptions options;
    options.ratio = ratio;
    options.latency = std::chrono::milliseconds(500);
    options.max_traces = max_traces;
    counters = std::make_shared<TailSamplingCounters>();
    std::vector<std::unique_ptr<SpanProcessor>> processors;
    processors.push_back(
        std::make_unique<TailSamplingProcessor>(std::move(next), options, counters));
    provider = std::make_shared<TracerProvider>(Resource{}, make_always_on_sampler(),
                                                std::move(processors));
  }

  // A request: its server span with `children` database spans; `status` and `age_ms` (how long
  // ago it started) decide. Returns the trace id.
  TraceId request(int status, std::uint64_t age_ms = 0, int children = 2) {
    SpanStartOptions options;
    options.kind = SpanKind::kServer;
    options.new_root = true;
    if (age_ms) options.start_time_unix_nano = now_ns() - age_ms * 1'000'000;
    auto server = provider->tracer().start_span("GET /me", options);
    {
      ContextScope scope(*server);
      for (int i = 0; i < children; ++i) {
        ScopedSpan db(provider->tracer(), "select_account", SpanKind::kClient);
      }
      // The children ended: nothing of this trace is exported before the root decides.
      EXPECT_EQ(exported_of(server->context().trace_id), 0u);
    }
    server->set_attribute(semconv::kHttpResponseStatusCode, static_cast<std::int64_t>(status));
    if (status >= 500) server->set_status(StatusCode::kError, std::to_string(status));
    server->end();
    return server->context().trace_id;
  }

  std::size_t exported_of(const TraceId& id) const {
    std::size_t n = 0;
    for (const auto& span : exporter->spans()) n += span->context.trace_id == id;
    return n;
  }
  std::uint64_t kept(TailKeepReason reason) const {
    return counters->kept[static_cast<std::size_t>(reason)].load();
  }

  InMemorySpanExporter* exporter;
  std::shared_ptr<TailSamplingCounters> counters;
  std::shared_ptr<TracerProvider> provider;
};

TEST(TailSampling, AtRatioZeroErrorsAndSlowRequestsAreKeptWholeAndTheRestNotAtAll) {
  TailFixture t(0.0);
  const TraceId error = t.request(500);
  const TraceId slow = t.request(200, 2000);
  for (int i = 0; i < 200; ++i) t.request(200);
  const TraceId limited = t.request(429);
  EXPECT_EQ(t.exported_of(error), 3u) << "the server span and both children";
  EXPECT_EQ(t.exported_of(slow), 3u);
  EXPECT_EQ(t.exported_of(limited), 3u);
  EXPECT_EQ(t.exporter->spans().size(), 9u) << "none of the 200 fast 200s";
  EXPECT_EQ(t.kept(TailKeepReason::kError), 1u);
  EXPECT_EQ(t.kept(TailKeepReason::kSlow), 1u);
  EXPECT_EQ(t.kept(TailKeepReason::kStatus), 1u);
  EXPECT_EQ(t.counters->dropped.load(), 200u);
  EXPECT_EQ(t.counters->held.load(), 0u) << "nothing held once the roots ended";
}

TEST(TailSampling, AKeptRootSaysWhyAndItsChildrenDoNot) {
  TailFixture t(0.0);
  const TraceId error = t.request(500);
  const TraceId slow = t.request(200, 2000);
  std::map<TraceId, std::string> reasons;
  std::size_t marked = 0;
  for (const auto& span : t.exporter->spans()) {
    const auto reason = span->attributes.string_value(semconv::kTailSamplingReason.text);
    if (!reason) continue;
    ++marked;
    EXPECT_EQ(span->kind, SpanKind::kServer) << "only the local root carries it";
    reasons[span->context.trace_id] = std::string(*reason);
  }
  EXPECT_EQ(marked, 2u);
  EXPECT_EQ(reasons[error], "error");
  EXPECT_EQ(reasons[slow], "slow");
}

TEST(TailSampling, AtRatioOneEveryTraceIsKept) {
  TailFixture t(1.0);
  for (int i = 0; i < 10; ++i) t.request(200);
  EXPECT_EQ(t.exporter->spans().size(), 30u);
  EXPECT_EQ(t.kept(TailKeepReason::kRatio), 10u);
}

TEST(TailSampling, ASpanContinuingAKeptTraceIsKept) {
  TailFixture t(0.0);
  const TraceId error = t.request(503);
  // The outbox's delivery span continues the request's trace from the stored traceparent.
  SpanContext parent;
  parent.trace_id = error;
  parent.span_id.fill(0x11);
  parent.trace_flags = kTraceFlagSampled;
  parent.is_remote = true;
  SpanStartOptions options;
  options.parent = parent;
  auto deliver = t.provider->tracer().start_span("mail deliver", options);
  {
    ContextScope scope(*deliver);
    ScopedSpan smtp(t.provider->tracer(), "smtp send");
  }
  deliver->end();
  EXPECT_EQ(t.exported_of(error), 5u);
  EXPECT_EQ(t.kept(TailKeepReason::kContinued), 1u);

  // A delivery continuing a dropped trace is decided on its own: fast and fine, dropped.
  const TraceId fine = t.request(200);
  parent.trace_id = fine;
  options.parent = parent;
  t.provider->tracer().start_span("mail deliver", options)->end();
  EXPECT_EQ(t.exported_of(fine), 0u);
}

TEST(TailSampling, HeldTracesAreBounded) {
  TailFixture t(1.0, /*max_traces=*/4);
  // Children whose roots never end (a root still running): at most 4 traces held.
  std::vector<std::shared_ptr<Span>> roots;
  for (int i = 0; i < 6; ++i) {
    SpanStartOptions options;
    options.kind = SpanKind::kServer;
    options.new_root = true;
    roots.push_back(t.provider->tracer().start_span("GET /me", options));
    ContextScope scope(*roots.back());
    ScopedSpan child(t.provider->tracer(), "select_account");
  }
  EXPECT_EQ(t.counters->held.load(), 4u);
  EXPECT_EQ(t.counters->evicted.load(), 2u);
  roots.back()->end();  // the newest is still held whole
  EXPECT_EQ(t.exported_of(roots.back()->context().trace_id), 2u);
  roots.front()->end();  // the oldest lost its child to the bound: only the root is left
  EXPECT_EQ(t.exported_of(roots.front()->context().trace_id), 1u);
}

TEST(TailSampling, OneLongTraceDoesNotGrowTheBookkeeping) {
  auto exp = std::make_unique<InMemorySpanExporter>();
  std::vector<std::unique_ptr<SpanProcessor>> next;
  next.push_back(std::make_unique<SimpleSpanProcessor>(std::move(exp)));
  TailSamplingOptions options;
  options.ratio = 0;
  options.max_traces = 16;
  auto tail = std::make_unique<TailSamplingProcessor>(std::move(next), options, nullptr);
  TailSamplingProcessor* processor = tail.get();
  std::vector<std::unique_ptr<SpanProcessor>> processors;
  processors.push_back(std::move(tail));
  TracerProvider provider(Resource{}, make_always_on_sampler(), std::move(processors));
  SpanStartOptions root_options;
  root_options.kind = SpanKind::kServer;
  root_options.new_root = true;
  auto stuck = provider.tracer().start_span("GET /stuck", root_options);
  {
    ContextScope scope(*stuck);
    ScopedSpan child(provider.tracer(), "held");  // held while `stuck` runs
  }
  for (int i = 0; i < 1000; ++i) {  // requests come and go behind it
    auto server = provider.tracer().start_span("GET /me", root_options);
    {
      ContextScope scope(*server);
      ScopedSpan db(provider.tracer(), "select_session");
    }
    server->end();
  }
  EXPECT_LE(processor->order_entries(), 2 * options.max_traces + 64 + 1);
  stuck->end();
}

TEST(TailSampling, Settings) {
  const auto env = [](std::map<std::string, std::string> vars) -> Getenv {
    return [vars](std::string_view name) -> std::optional<std::string> {
      auto it = vars.find(std::string(name));
      if (it == vars.end()) return std::nullopt;
      return it->second;
    };
  };
  const auto c = read_sdk_config(env({{"OTEL_TRACES_SAMPLER", "authlens_tail"},
                                      {"AUTHLENS_TAIL_SAMPLE_RATIO", "0.25"},
                                      {"AUTHLENS_TAIL_LATENCY_MS", "300"}}));
  EXPECT_EQ(c.sampler, SamplerKind::kAuthlensTail);
  EXPECT_DOUBLE_EQ(c.tail.ratio, 0.25);
  EXPECT_EQ(c.tail.latency, std::chrono::milliseconds(300));
  EXPECT_THROW(read_sdk_config(env({{"OTEL_TRACES_SAMPLER", "authlens_tail"},
                                    {"AUTHLENS_TAIL_SAMPLE_RATIO", "2"}})),
               ConfigError);
  EXPECT_THROW(read_sdk_config(env({{"OTEL_TRACES_SAMPLER", "authlens_tail"},
                                    {"AUTHLENS_TAIL_LATENCY_MS", "soon"}})),
               ConfigError);
}

}  // namespace
}  // namespace authlens::trace
