#include "telemetry/trace/exporters/otlp_http_exporter.hpp"

#include "telemetry/trace/exporters/otlp_encoder.hpp"

namespace authlens::trace {

OtlpHttpExporter::OtlpHttpExporter(OtlpHttpOptions options, Resource resource,
                                   InstrumentationScope scope)
    : sender_(std::move(options)), resource_(std::move(resource)), scope_(std::move(scope)) {}

OtlpHttpExporter::~OtlpHttpExporter() = default;

void OtlpHttpExporter::shutdown() { sender_.shutdown(); }

ExportResult OtlpHttpExporter::export_spans(std::span<const SpanDataPtr> spans,
                                            std::chrono::milliseconds timeout) {
  if (spans.empty()) return ExportResult::kSuccess;
  std::lock_guard lock(encode_mutex_);
  std::string text;  // http/json
  std::string_view body;
  if (sender_.options().protocol == OtlpProtocol::kHttpJson) {
    text = encode_otlp_json(resource_, scope_, spans);
    body = text;
  } else {
    encode_otlp_protobuf(protobuf_, resource_, scope_, spans);
    body = protobuf_.bytes();
  }
  return sender_.send(body, timeout) ? ExportResult::kSuccess : ExportResult::kFailure;
}

}  // namespace authlens::trace
