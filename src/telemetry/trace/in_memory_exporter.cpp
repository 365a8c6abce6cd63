#include "telemetry/trace/in_memory_exporter.hpp"

namespace authlens::trace {

ExportResult InMemorySpanExporter::export_spans(std::span<const SpanDataPtr> spans,
                                                std::chrono::milliseconds) {
  std::lock_guard lock(mutex_);
  spans_.insert(spans_.end(), spans.begin(), spans.end());
  return ExportResult::kSuccess;
}

std::vector<SpanDataPtr> InMemorySpanExporter::spans() const {
  std::lock_guard lock(mutex_);
  return spans_;
}

void InMemorySpanExporter::clear() {
  std::lock_guard lock(mutex_);
  spans_.clear();
}

}  // namespace authlens::trace
