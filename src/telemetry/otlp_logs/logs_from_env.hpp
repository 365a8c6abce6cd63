#pragma once
// The logs SDK's settings from the OTEL_* environment: OTEL_LOGS_EXPORTER (otlp or none, the
// default: stdout lines are always written, OTLP records only when asked), the OTLP exporter's
// OTEL_EXPORTER_OTLP_[LOGS_]* settings and the batch processor's OTEL_BLRP_*.
#include <memory>
#include <string_view>

#include "telemetry/otlp_logs/batch_log_processor.hpp"
#include "telemetry/trace/exporters/otlp_http_options.hpp"
#include "telemetry/trace/sdk/getenv.hpp"

namespace authlens::otlp_logs {

struct LogsConfig {
  bool otlp = false;
  trace::OtlpHttpOptions otlp_options;
  LogBatchOptions batch;
};

// Throws ConfigError naming the variable for a value we do not take.
LogsConfig read_logs_config(const trace::Getenv& getenv);

// The processor to give the logger, or null when no exporter is configured (or OTEL_SDK_DISABLED).
std::shared_ptr<BatchLogProcessor> make_log_processor_from_env(const trace::Getenv& getenv,
                                                               std::string_view service_version);

}  // namespace authlens::otlp_logs
