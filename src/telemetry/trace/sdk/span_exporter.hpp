#pragma once
// Where finished spans go (OTLP, console, memory): the SDK spec's SpanExporter.
#include <chrono>
#include <memory>
#include <span>

#include "telemetry/trace/sdk/span_data.hpp"

namespace authlens::trace {

enum class ExportResult { kSuccess, kFailure };

class SpanExporter {
 public:
  virtual ~SpanExporter() = default;
  // Called by one processor thread at a time; must return within `timeout`.
  virtual ExportResult export_spans(std::span<const SpanDataPtr> spans,
                                    std::chrono::milliseconds timeout) = 0;
  // Makes a running or later export give up promptly (e.g. stops retry back-off).
  virtual void shutdown() {}
};

}  // namespace authlens::trace
