// Not a benchmark harness (that is bench/): a guard that the hot path stays around a microsecond,
// printing the measured figure. Loose bound because tests run under sanitizers on shared cores.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "telemetry/trace/sdk/batch_span_processor.hpp"
#include "in_memory_exporter.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

namespace authlens::trace {
namespace {

class DiscardExporter final : public SpanExporter {
 public:
  ExportResult export_spans(std::span<const SpanDataPtr>, std::chrono::milliseconds) override {
    return ExportResult::kSuccess;
  }
};

TEST(SpanCost, StartEndWithFiveAttributes) {
  BatchOptions options;
  options.max_queue_size = 1 << 16;
  std::vector<std::unique_ptr<SpanProcessor>> processors;
  processors.push_back(
      std::make_unique<BatchSpanProcessor>(std::make_unique<DiscardExporter>(), options));
  TracerProvider provider(Resource{}, make_always_on_sampler(), std::move(processors));
  constexpr int kSpans = 20000;
  SpanStartOptions client;
  client.kind = SpanKind::kClient;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kSpans; ++i) {
    auto span = provider.tracer().start_span("select_session", client);
    span->set_attribute("db.system", "sqlite");
    span->set_attribute("db.operation.name", "select_session");
    span->set_attribute("server.port", 5432);
    span->set_attribute("db.response.returned_rows", std::int64_t{1});
    span->set_attribute("cached", false);
    span->end();
  }
  const double ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() /
      kSpans;
  std::printf("span start+5 attributes+end: %.0f ns\n", ns);
  EXPECT_TRUE(provider.force_flush(std::chrono::seconds(10)));
  const auto stats = provider.stats();
  EXPECT_EQ(stats.spans_started, static_cast<std::uint64_t>(kSpans));
  EXPECT_EQ(stats.spans_exported + stats.spans_dropped, static_cast<std::uint64_t>(kSpans));
  EXPECT_GT(stats.cpu_seconds, 0.0);
  EXPECT_LT(ns, 1e6);  // only a pathological regression: sanitizers and shared cores are slow
}

}  // namespace
}  // namespace authlens::trace
