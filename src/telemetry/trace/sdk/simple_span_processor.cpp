#include "telemetry/trace/sdk/simple_span_processor.hpp"

namespace authlens::trace {

SimpleSpanProcessor::SimpleSpanProcessor(std::unique_ptr<SpanExporter> exporter)
    : exporter_(std::move(exporter)) {}

void SimpleSpanProcessor::on_end(SpanDataPtr span) noexcept {
  if (shut_down_) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  try {
    std::lock_guard lock(export_mutex_);
    const auto result = exporter_->export_spans({&span, 1}, std::chrono::seconds(30));
    (result == ExportResult::kSuccess ? exported_ : failed_)
        .fetch_add(1, std::memory_order_relaxed);
  } catch (...) {
    failed_.fetch_add(1, std::memory_order_relaxed);
  }
}

bool SimpleSpanProcessor::force_flush(std::chrono::milliseconds) { return true; }

void SimpleSpanProcessor::shutdown(std::chrono::milliseconds) {
  if (!shut_down_.exchange(true)) exporter_->shutdown();
}

ProcessorStats SimpleSpanProcessor::stats() const {
  return {exported_.load(), dropped_.load(), failed_.load(), 0};
}

}  // namespace authlens::trace
