#include "telemetry/otlp_logs/otlp_http_logs_exporter.hpp"

#include "telemetry/otlp_logs/log_record_encoder.hpp"

namespace authlens::otlp_logs {

OtlpHttpLogsExporter::OtlpHttpLogsExporter(trace::OtlpHttpOptions options, trace::Resource resource,
                                           trace::InstrumentationScope scope)
    : sender_(std::move(options)), resource_(std::move(resource)), scope_(std::move(scope)) {}

bool OtlpHttpLogsExporter::export_records(std::string_view records, std::size_t count,
                                          std::chrono::milliseconds timeout) {
  if (count == 0) return true;
  std::lock_guard lock(encode_mutex_);
  encode_logs_request(request_, resource_, scope_, records);
  return sender_.send(request_.bytes(), timeout);
}

}  // namespace authlens::otlp_logs
