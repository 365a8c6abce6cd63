#pragma once
// OTLP/HTTP logs exporter: an ExportLogsServiceRequest per batch, sent by the trace exporter's
// OtlpHttpSender (connection, gzip, retries). http/protobuf only: read_logs_config refuses
// http/json for logs.
#include <mutex>

#include "telemetry/otlp_logs/logs_exporter.hpp"
#include "telemetry/trace/exporters/otlp_http_sender.hpp"
#include "telemetry/trace/exporters/proto_writer.hpp"
#include "telemetry/trace/sdk/resource.hpp"

namespace authlens::otlp_logs {

class OtlpHttpLogsExporter final : public LogsExporter {
 public:
  OtlpHttpLogsExporter(trace::OtlpHttpOptions options, trace::Resource resource,
                       trace::InstrumentationScope scope);
  bool export_records(std::string_view records, std::size_t count,
                      std::chrono::milliseconds timeout) override;
  void shutdown() override { sender_.shutdown(); }

 private:
  trace::OtlpHttpSender sender_;
  const trace::Resource resource_;
  const trace::InstrumentationScope scope_;
  std::mutex encode_mutex_;  // guards request_
  trace::ProtoWriter request_;
};

}  // namespace authlens::otlp_logs
