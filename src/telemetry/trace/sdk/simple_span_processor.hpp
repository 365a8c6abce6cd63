#pragma once
// Exports each span as it ends, on the ending thread: for the console exporter and tests only
// (it would put exporter I/O on request threads).
#include <atomic>
#include <memory>
#include <mutex>

#include "telemetry/trace/sdk/span_processor.hpp"

namespace authlens::trace {

class SimpleSpanProcessor final : public SpanProcessor {
 public:
  explicit SimpleSpanProcessor(std::unique_ptr<SpanExporter> exporter);
  void on_end(SpanDataPtr span) noexcept override;
  bool force_flush(std::chrono::milliseconds timeout) override;
  void shutdown(std::chrono::milliseconds timeout) override;
  ProcessorStats stats() const override;

 private:
  std::unique_ptr<SpanExporter> exporter_;
  std::mutex export_mutex_;  // the spec: export is never called concurrently
  std::atomic<bool> shut_down_{false};
  std::atomic<std::uint64_t> exported_{0}, failed_{0}, dropped_{0};
};

}  // namespace authlens::trace
