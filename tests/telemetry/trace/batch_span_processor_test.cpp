#include "telemetry/trace/sdk/batch_span_processor.hpp"

#include <gtest/gtest.h>

#include "fake_exporter.hpp"

namespace authlens::trace {
namespace {

using namespace std::chrono_literals;
using testing::FakeExporter;
using testing::FakeExporterState;
using testing::make_test_span;

BatchOptions options(std::size_t queue, std::size_t batch, std::chrono::milliseconds delay) {
  BatchOptions o;
  o.max_queue_size = queue;
  o.max_export_batch_size = batch;
  o.schedule_delay = delay;
  o.export_timeout = 1000ms;
  return o;
}

TEST(BatchSpanProcessor, ExportsAsSoonAsABatchIsFull) {
  auto state = std::make_shared<FakeExporterState>();
  BatchSpanProcessor p(std::make_unique<FakeExporter>(state), options(100, 4, 60s));
  for (int i = 0; i < 4; ++i) p.on_end(make_test_span());
  std::unique_lock lock(state->mutex);
  ASSERT_TRUE(state->cv.wait_for(lock, 5s, [&] { return state->total == 4; }));
  EXPECT_EQ(state->batch_sizes, std::vector<std::size_t>{4});
}

TEST(BatchSpanProcessor, ExportsOnSchedule) {
  auto state = std::make_shared<FakeExporterState>();
  BatchSpanProcessor p(std::make_unique<FakeExporter>(state), options(100, 50, 50ms));
  p.on_end(make_test_span());
  std::unique_lock lock(state->mutex);
  ASSERT_TRUE(state->cv.wait_for(lock, 5s, [&] { return state->total == 1; }));
}

TEST(BatchSpanProcessor, DropsAndCountsWhenQueueIsFullWithoutBlocking) {
  auto state = std::make_shared<FakeExporterState>();
  state->blocked = true;
  BatchSpanProcessor p(std::make_unique<FakeExporter>(state), options(8, 8, 60s));
  for (int i = 0; i < 8; ++i) p.on_end(make_test_span());  // worker takes these and blocks
  {
    // Until the worker is inside the export (it has taken the batch off the queue).
    std::unique_lock lock(state->mutex);
    ASSERT_TRUE(state->cv.wait_for(lock, 10s, [&] { return state->exports_entered == 1; }));
  }
  // With the exporter stuck, on_end still returns at once: 8 fit, 12 are dropped and counted.
  for (int i = 0; i < 20; ++i) p.on_end(make_test_span());
  EXPECT_EQ(p.stats().dropped, 12u);
  {
    std::lock_guard lock(state->mutex);
    state->blocked = false;
    state->cv.notify_all();
  }
  EXPECT_TRUE(p.force_flush(5s));
  EXPECT_EQ(p.stats().exported, 16u);
}

TEST(BatchSpanProcessor, ShutdownFlushesWhatIsQueued) {
  auto state = std::make_shared<FakeExporterState>();
  auto p = std::make_unique<BatchSpanProcessor>(std::make_unique<FakeExporter>(state),
                                                options(100, 10, 60s));
  for (int i = 0; i < 25; ++i) p->on_end(make_test_span());
  p->shutdown(5s);
  EXPECT_EQ(state->total, 25u);
  EXPECT_TRUE(state->shut_down);
  p->on_end(make_test_span());  // after shutdown: dropped, counted
  EXPECT_EQ(p->stats().dropped, 1u);
  EXPECT_EQ(p->stats().exported, 25u);
}

TEST(BatchSpanProcessor, CountsFailedExports) {
  auto state = std::make_shared<FakeExporterState>();
  state->fail = true;
  BatchSpanProcessor p(std::make_unique<FakeExporter>(state), options(100, 10, 60s));
  for (int i = 0; i < 3; ++i) p.on_end(make_test_span());
  EXPECT_TRUE(p.force_flush(5s));
  EXPECT_EQ(p.stats().failed, 3u);
  EXPECT_EQ(p.stats().exported, 0u);
}

TEST(BatchSpanProcessor, ShutdownCutsAHangingExportShortWhenItsTimeIsUp) {
  auto state = std::make_shared<FakeExporterState>();
  state->blocked = true;  // only the exporter's shutdown() releases it
  BatchSpanProcessor p(std::make_unique<FakeExporter>(state), options(100, 10, 60s));
  p.on_end(make_test_span());
  p.shutdown(200ms);  // returns only because it told the exporter to give up
  std::lock_guard lock(state->mutex);
  EXPECT_TRUE(state->shut_down);
  EXPECT_TRUE(state->blocked);  // nobody else released it
  EXPECT_EQ(state->total, 1u);  // the export ended, cut short
}

}  // namespace
}  // namespace authlens::trace
