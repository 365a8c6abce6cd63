#include "telemetry/otlp_logs/batch_log_processor.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "telemetry/trace/proto_reader.hpp"

namespace authlens::otlp_logs {
namespace {

using namespace std::chrono_literals;

// Records what it is asked to export; answers `accept`; `block` holds an export until released
// (a receiver that does not answer).
class FakeExporter final : public LogsExporter {
 public:
  struct Shared {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::size_t> batches;  // record counts
    std::size_t bytes_parsed_records = 0;
    bool accept = true;
    bool block = false;
    bool shut_down = false;
  };
  explicit FakeExporter(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  bool export_records(std::string_view records, std::size_t count,
                      std::chrono::milliseconds timeout) override {
    std::unique_lock lock(shared_->mutex);
    shared_->batches.push_back(count);
    shared_->bytes_parsed_records += trace::testing::parse_message(records).size();
    shared_->changed.notify_all();
    shared_->changed.wait_for(lock, timeout, [&] { return !shared_->block || shared_->shut_down; });
    return shared_->accept && !shared_->block;
  }
  void shutdown() override {
    std::lock_guard lock(shared_->mutex);
    shared_->shut_down = true;
    shared_->changed.notify_all();
  }

 private:
  std::shared_ptr<Shared> shared_;
};

log::LineInput record(const char* message = "hello") {
  return {.when = std::chrono::system_clock::now(),
          .level = log::Level::kInfo,
          .service_name_json = "authlens",
          .message = log::Message(std::string_view(message)),
          .span = nullptr,
          .fields = {}};
}

LogBatchOptions options(std::size_t queue, std::size_t batch) {
  LogBatchOptions o;
  o.max_queue_size = queue;
  o.max_export_batch_size = batch;
  o.schedule_delay = 1h;  // exports happen on a full batch or a flush, never by the clock here
  o.export_timeout = 10s;
  return o;
}

TEST(BatchLogProcessor, ExportsInBatchesAndCountsThem) {
  auto shared = std::make_shared<FakeExporter::Shared>();
  BatchLogProcessor p(std::make_unique<FakeExporter>(shared), options(100, 4));
  for (int i = 0; i < 10; ++i) p.on_emit(record());
  ASSERT_TRUE(p.force_flush(10s));
  const auto stats = p.stats();
  EXPECT_EQ(stats.exported, 10u);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.failed, 0u);
  std::lock_guard lock(shared->mutex);
  std::size_t total = 0;
  for (auto n : shared->batches) {
    EXPECT_LE(n, 4u);
    total += n;
  }
  EXPECT_EQ(total, 10u);
  EXPECT_EQ(shared->bytes_parsed_records, 10u) << "each batch is whole records";
}

TEST(BatchLogProcessor, AFullQueueDropsAndCountsWithoutWaiting) {
  auto shared = std::make_shared<FakeExporter::Shared>();
  shared->block = true;  // the receiver hangs: nothing leaves the queue
  BatchLogProcessor p(std::make_unique<FakeExporter>(shared), options(3, 3));
  for (int i = 0; i < 3; ++i) p.on_emit(record());
  {  // the full batch went to the (stuck) exporter; the queue is free again
    std::unique_lock lock(shared->mutex);
    ASSERT_TRUE(shared->changed.wait_for(lock, 10s, [&] { return !shared->batches.empty(); }));
  }
  for (int i = 0; i < 5; ++i) p.on_emit(record());  // 3 fit, 2 do not
  EXPECT_EQ(p.stats().dropped, 2u);
  p.shutdown(100ms);  // the stuck export is abandoned, not waited for
  const auto stats = p.stats();
  EXPECT_EQ(stats.exported, 0u);
  EXPECT_EQ(stats.failed, 6u);
  p.on_emit(record());
  EXPECT_EQ(p.stats().dropped, 3u) << "after shutdown a record is dropped and counted";
}

TEST(BatchLogProcessor, FailedExportsAreCounted) {
  auto shared = std::make_shared<FakeExporter::Shared>();
  shared->accept = false;
  BatchLogProcessor p(std::make_unique<FakeExporter>(shared), options(100, 10));
  for (int i = 0; i < 7; ++i) p.on_emit(record());
  ASSERT_TRUE(p.force_flush(10s));
  EXPECT_EQ(p.stats().failed, 7u);
  EXPECT_EQ(p.stats().exported, 0u);
}

TEST(BatchLogProcessor, TheByteBoundHoldsWhateverTheRecordCount) {
  auto shared = std::make_shared<FakeExporter::Shared>();
  shared->block = true;
  LogBatchOptions o = options(1000, 1000);
  o.max_queue_bytes = 200;
  BatchLogProcessor p(std::make_unique<FakeExporter>(shared), o);
  const std::string big(120, 'x');
  p.on_emit(record(big.c_str()));
  p.on_emit(record(big.c_str()));
  EXPECT_EQ(p.stats().dropped, 1u);
  p.shutdown(100ms);
}

TEST(BatchLogProcessor, ShutdownExportsWhatIsQueued) {
  auto shared = std::make_shared<FakeExporter::Shared>();
  auto p =
      std::make_unique<BatchLogProcessor>(std::make_unique<FakeExporter>(shared), options(100, 50));
  for (int i = 0; i < 5; ++i) p->on_emit(record());
  p->shutdown(10s);
  EXPECT_EQ(p->stats().exported, 5u);
}

}  // namespace
}  // namespace authlens::otlp_logs
