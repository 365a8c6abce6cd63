#pragma once
// Sends one encoded OTLP/HTTP request body to one signal's endpoint with the spec's retries
// (retry_policy.hpp): over our own kept-alive connection for http:// endpoints
// (http_connection.hpp), over libcurl for https://. Shared by every OTLP exporter (traces, logs,
// metrics), which only encode.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string_view>

#include "telemetry/trace/exporters/http_connection.hpp"
#include "telemetry/trace/exporters/otlp_http_options.hpp"

namespace authlens::trace {

class OtlpHttpSender {
 public:
  explicit OtlpHttpSender(OtlpHttpOptions options);
  ~OtlpHttpSender();
  OtlpHttpSender(const OtlpHttpSender&) = delete;
  OtlpHttpSender& operator=(const OtlpHttpSender&) = delete;

  // POSTs `body` (encoded as options().protocol says; gzipped here when options().gzip), retrying
  // transient failures until min(timeout, options().timeout) has passed. True on a 2xx. One send
  // at a time: concurrent callers wait for each other.
  bool send(std::string_view body, std::chrono::milliseconds timeout);
  // Ends a send in progress (its wait or its request) and fails every later one.
  void shutdown();

  const OtlpHttpOptions& options() const noexcept { return options_; }

 private:
  struct Attempt;
  Attempt post(std::string_view body, std::chrono::milliseconds timeout);
  Attempt post_with_curl(std::string_view body, std::chrono::milliseconds timeout);
  bool sleep_unless_shutdown(std::chrono::milliseconds delay);

  const OtlpHttpOptions options_;
  std::mutex send_mutex_;                  // one send at a time per connection
  std::unique_ptr<HttpConnection> plain_;  // http:// endpoints; else libcurl below
  void* curl_ = nullptr;                   // CURL*, kept for connection reuse; its options set once
  void* headers_ = nullptr;  // curl_slist*, the request headers, built with the handle
  std::atomic<bool> shutdown_{false};
  std::mutex sleep_mutex_;
  std::condition_variable sleep_cv_;
};

}  // namespace authlens::trace
