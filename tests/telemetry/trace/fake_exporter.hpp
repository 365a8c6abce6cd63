#pragma once
// A SpanExporter for processor tests: records batch sizes, can be told to block or fail.
#include <condition_variable>
#include <mutex>
#include <vector>

#include "telemetry/trace/sdk/span_exporter.hpp"

namespace authlens::trace::testing {

struct FakeExporterState {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::size_t> batch_sizes;
  std::size_t total = 0;
  std::size_t exports_entered = 0;  // export_spans calls begun (blocked or not)
  bool blocked = false;             // export waits until unblocked
  bool fail = false;
  bool shut_down = false;
};

class FakeExporter final : public SpanExporter {
 public:
  explicit FakeExporter(std::shared_ptr<FakeExporterState> state) : state_(std::move(state)) {}
  ExportResult export_spans(std::span<const SpanDataPtr> spans,
                            std::chrono::milliseconds) override {
    std::unique_lock lock(state_->mutex);
    ++state_->exports_entered;
    state_->cv.notify_all();
    state_->cv.wait(lock, [&] { return !state_->blocked || state_->shut_down; });
    state_->batch_sizes.push_back(spans.size());
    state_->total += spans.size();
    state_->cv.notify_all();
    return state_->fail ? ExportResult::kFailure : ExportResult::kSuccess;
  }
  void shutdown() override {
    std::lock_guard lock(state_->mutex);
    state_->shut_down = true;
    state_->cv.notify_all();
  }

 private:
  std::shared_ptr<FakeExporterState> state_;
};

inline SpanDataPtr make_test_span(const char* name = "s") {
  auto data = std::make_shared<SpanData>();
  data->name = name;
  data->context.trace_id[0] = 1;
  data->context.span_id[0] = 1;
  data->context.trace_flags = kTraceFlagSampled;
  return data;
}

}  // namespace authlens::trace::testing
