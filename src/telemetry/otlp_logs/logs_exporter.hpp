#pragma once
// Sends batches of encoded log records (log_record_encoder.hpp) somewhere: OTLP/HTTP in the
// service, a fake in tests.
#include <chrono>
#include <cstddef>
#include <string_view>

namespace authlens::otlp_logs {

class LogsExporter {
 public:
  virtual ~LogsExporter() = default;
  // `records`: `count` records as append_log_record wrote them. True when accepted. Blocks for
  // at most `timeout`.
  virtual bool export_records(std::string_view records, std::size_t count,
                              std::chrono::milliseconds timeout) = 0;
  // Ends an export in progress; later ones fail at once.
  virtual void shutdown() = 0;
};

}  // namespace authlens::otlp_logs
