#pragma once
// OTLP/HTTP trace exporter (http/protobuf or http/json) with the spec's retries: over our own
// kept-alive connection for http:// endpoints (http_connection.hpp), over libcurl for https://.
#include <atomic>
#include <condition_variable>
#include <mutex>

#include <memory>

#include "telemetry/trace/exporters/http_connection.hpp"
#include "telemetry/trace/exporters/otlp_http_options.hpp"
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
  struct Attempt;
  Attempt post(std::string_view body, std::chrono::milliseconds timeout);
  Attempt post_with_curl(std::string_view body, std::chrono::milliseconds timeout);
  bool sleep_unless_shutdown(std::chrono::milliseconds delay);

  OtlpHttpOptions options_;
  Resource resource_;
  InstrumentationScope scope_;
  std::mutex export_mutex_;  // one export at a time per connection
  ProtoWriter protobuf_;     // guarded by export_mutex_; its buffer is reused from batch to batch
  std::unique_ptr<HttpConnection> plain_;  // http:// endpoints; else libcurl below
  void* curl_ = nullptr;                   // CURL*, kept for connection reuse; its options set once
  void* headers_ = nullptr;  // curl_slist*, the request headers, built with the handle
  std::atomic<bool> shutdown_{false};
  std::mutex sleep_mutex_;
  std::condition_variable sleep_cv_;
};

}  // namespace authlens::trace
