#include "telemetry/otlp_logs/logs_from_env.hpp"

#include <algorithm>
#include <cctype>

#include "telemetry/config_error.hpp"
#include "telemetry/otlp_logs/otlp_http_logs_exporter.hpp"
#include "telemetry/trace/autoconfigure/sdk_config.hpp"
#include "telemetry/trace/sdk/resource.hpp"

namespace authlens::otlp_logs {

LogsConfig read_logs_config(const trace::Getenv& getenv) {
  LogsConfig config;
  if (auto disabled = trace::read_env(getenv, "OTEL_SDK_DISABLED")) {
    std::string lower = *disabled;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "true") return config;
  }
  const auto exporters = trace::read_exporter_list(getenv, "OTEL_LOGS_EXPORTER", {"otlp"}, {});
  config.otlp = !exporters.empty();
  if (!config.otlp) return config;
  config.otlp_options = trace::read_otlp_http_options(getenv, trace::OtlpSignal::kLogs);
  if (config.otlp_options.protocol != trace::OtlpProtocol::kHttpProtobuf) {
    const bool specific = trace::read_env(getenv, "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL").has_value();
    throw trace::ConfigError(
        specific ? "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL" : "OTEL_EXPORTER_OTLP_PROTOCOL",
        "logs are exported as http/protobuf only");
  }
  LogBatchOptions& batch = config.batch;
  if (auto n = trace::read_env_count(getenv, "OTEL_BLRP_MAX_QUEUE_SIZE")) batch.max_queue_size = *n;
  if (auto n = trace::read_env_count(getenv, "OTEL_BLRP_SCHEDULE_DELAY"))
    batch.schedule_delay = std::chrono::milliseconds(*n);
  if (auto n = trace::read_env_count(getenv, "OTEL_BLRP_EXPORT_TIMEOUT"))
    batch.export_timeout = std::chrono::milliseconds(*n);
  if (auto n = trace::read_env_count(getenv, "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"))
    batch.max_export_batch_size = *n;
  if (batch.max_queue_size == 0)
    throw trace::ConfigError("OTEL_BLRP_MAX_QUEUE_SIZE", "must be positive");
  if (batch.max_export_batch_size == 0)
    throw trace::ConfigError("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "must be positive");
  if (batch.max_export_batch_size > batch.max_queue_size)
    throw trace::ConfigError("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE",
                             "must not exceed OTEL_BLRP_MAX_QUEUE_SIZE");
  return config;
}

std::shared_ptr<BatchLogProcessor> make_log_processor_from_env(const trace::Getenv& getenv,
                                                               std::string_view service_version) {
  LogsConfig config = read_logs_config(getenv);
  if (!config.otlp) return nullptr;
  trace::Resource resource = trace::make_resource_from_env(getenv, service_version);
  const trace::InstrumentationScope scope{"authlens", std::string(service_version)};
  return std::make_shared<BatchLogProcessor>(
      std::make_unique<OtlpHttpLogsExporter>(std::move(config.otlp_options), std::move(resource),
                                             scope),
      config.batch);
}

}  // namespace authlens::otlp_logs
