#pragma once
// Keeps exported spans in memory, for tests (the service never needs it, so it is not in the
// production libraries).
#include <mutex>
#include <vector>

#include "telemetry/trace/sdk/span_exporter.hpp"

namespace authlens::trace {

class InMemorySpanExporter final : public SpanExporter {
 public:
  ExportResult export_spans(std::span<const SpanDataPtr> spans,
                            std::chrono::milliseconds) override {
    std::lock_guard lock(mutex_);
    spans_.insert(spans_.end(), spans.begin(), spans.end());
    return ExportResult::kSuccess;
  }
  std::vector<SpanDataPtr> spans() const {
    std::lock_guard lock(mutex_);
    return spans_;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    spans_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<SpanDataPtr> spans_;
};

}  // namespace authlens::trace
