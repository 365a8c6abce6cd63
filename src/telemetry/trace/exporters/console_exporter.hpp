#pragma once
// OTEL_TRACES_EXPORTER=console: one human-readable line per span (stderr by default, since stdout
// carries the JSON log).
#include <cstdio>

#include "telemetry/trace/sdk/span_exporter.hpp"

namespace authlens::trace {

class ConsoleSpanExporter final : public SpanExporter {
 public:
  explicit ConsoleSpanExporter(std::FILE* out = stderr) : out_(out) {}
  ExportResult export_spans(std::span<const SpanDataPtr> spans,
                            std::chrono::milliseconds timeout) override;

 private:
  std::FILE* out_;
};

// The line written for one span (without the newline); exposed for tests.
std::string format_span_line(const SpanData& span);

}  // namespace authlens::trace
