#pragma once
// Keeps exported spans in memory: for tests, and as a SpanSink adapter for anything that collects.
#include <mutex>
#include <vector>

#include "telemetry/trace/span_exporter.hpp"

namespace authlens::trace {

class InMemorySpanExporter final : public SpanExporter {
 public:
  ExportResult export_spans(std::span<const SpanDataPtr> spans,
                            std::chrono::milliseconds timeout) override;
  std::vector<SpanDataPtr> spans() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<SpanDataPtr> spans_;
};

}  // namespace authlens::trace
