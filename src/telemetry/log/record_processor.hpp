#pragma once
// Where a log call goes besides its line: an OpenTelemetry log record processor, such as the
// OTLP logs exporter (telemetry/otlp_logs/). The logger hands it every record it writes, on the
// logging thread, with the same fields and active span the line got.
#include "telemetry/log/line_format.hpp"

namespace authlens::log {

class RecordProcessor {
 public:
  virtual ~RecordProcessor() = default;
  // Must not block: queue the record, or drop and count it. `record` and what it views live
  // only for the call.
  virtual void on_emit(const LineInput& record) noexcept = 0;
};

}  // namespace authlens::log
