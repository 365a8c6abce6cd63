#pragma once
// OTLP/HTTP trace exporter (http/protobuf or http/json): encodes a batch of spans and hands the
// body to the OTLP sender (connection, gzip, the spec's retries).
#include <mutex>

#include "telemetry/trace/exporters/otlp_http_options.hpp"
#include "telemetry/trace/exporters/otlp_http_sender.hpp"
#include "telemetry/trace/exporters/proto_writer.hpp"
#include "telemetry/trace/sdk/resource.hpp"
#include "telemetry/trace/sdk/span_exporter.hpp"

namespace authlens::trace {

class OtlpHttpExporter final : public SpanExporter {
 public:
  OtlpHttpExporter(OtlpHttpOptions options, Resource resource, InstrumentationScope scope);
  ~OtlpHttpExporter() override;

  // Blocks the calling (processor) thread for at most min(timeout, options.timeout).
  ExportResult export_spans(std::span<const SpanDataPtr> spans,
                            std::chrono::milliseconds timeout) override;
  void shutdown() override;

 private:
  OtlpHttpSender sender_;
  Resource resource_;
  InstrumentationScope scope_;
  std::mutex encode_mutex_;  // guards protobuf_
  ProtoWriter protobuf_;     // its buffer is reused from batch to batch
};

}  // namespace authlens::trace
