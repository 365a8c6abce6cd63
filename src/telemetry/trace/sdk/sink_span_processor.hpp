#pragma once
// Hands each finished sampled span straight to a SpanSink (the viewer's store): no queue, no
// encoding, one pointer copy and the sink's own short lock.
#include <memory>

#include "telemetry/trace/sdk/span_processor.hpp"
#include "telemetry/trace/sdk/span_sink.hpp"

namespace authlens::trace {

class SinkSpanProcessor final : public SpanProcessor {
 public:
  explicit SinkSpanProcessor(std::shared_ptr<SpanSink> sink) : sink_(std::move(sink)) {}
  void on_end(SpanDataPtr span) noexcept override {
    try {
      sink_->add(std::move(span));
    } catch (...) {  // out of memory: the viewer misses a span, the request goes on
    }
  }
  bool force_flush(std::chrono::milliseconds) override { return true; }
  void shutdown(std::chrono::milliseconds) override {}

 private:
  std::shared_ptr<SpanSink> sink_;
};

}  // namespace authlens::trace
