#include "telemetry/trace/exporters/otlp_http_sender.hpp"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

#include "telemetry/trace/exporters/gzip.hpp"
#include "telemetry/trace/exporters/retry_policy.hpp"
#include "telemetry/trace/sdk/id_generator.hpp"

namespace authlens::trace {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

double random_unit() {
  const SpanId bits = generate_span_id();
  std::uint64_t v = 0;
  std::memcpy(&v, bits.data(), sizeof v);
  return static_cast<double>(v >> 11) * 0x1p-53;
}

bool is_transient_transport_error(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

std::size_t discard_body(char*, std::size_t size, std::size_t n, void*) { return size * n; }

}  // namespace

struct OtlpHttpSender::Attempt {
  bool answered = false;   // a status came back
  bool transient = false;  // no answer, but worth another try (refused, reset, timed out)
  long status = 0;
  std::optional<milliseconds> retry_after;
};

namespace {
std::string header_lines(const OtlpHttpOptions& options) {
  std::string lines = options.protocol == OtlpProtocol::kHttpJson
                          ? "Content-Type: application/json\r\n"
                          : "Content-Type: application/x-protobuf\r\n";
  if (options.gzip) lines += "Content-Encoding: gzip\r\n";
  lines += "User-Agent: authlens-otlp-exporter/0.1\r\n";
  for (const auto& [name, value] : options.headers) lines += name + ": " + value + "\r\n";
  return lines;
}
}  // namespace

namespace {
std::size_t capture_retry_after(char* data, std::size_t size, std::size_t n, void* user) {
  const std::size_t length = size * n;
  std::string_view line(data, length);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() && strncasecmp(line.data(), kName.data(), kName.size()) == 0) {
    auto* retry_after = static_cast<std::optional<milliseconds>*>(user);
    *retry_after = parse_retry_after(line.substr(kName.size()), std::time(nullptr));
  }
  return length;
}

int abort_on_shutdown(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(user)->load() ? 1 : 0;
}
}  // namespace

OtlpHttpSender::OtlpHttpSender(OtlpHttpOptions options) : options_(std::move(options)) {
  if (auto endpoint = parse_http_url(options_.url))
    plain_ = std::make_unique<HttpConnection>(std::move(*endpoint), header_lines(options_));
  else
    init_curl_once();
}

OtlpHttpSender::~OtlpHttpSender() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
  curl_slist_free_all(static_cast<curl_slist*>(headers_));
}

void OtlpHttpSender::shutdown() {
  {
    std::lock_guard lock(sleep_mutex_);
    shutdown_ = true;
  }
  sleep_cv_.notify_all();
}

bool OtlpHttpSender::sleep_unless_shutdown(milliseconds delay) {
  std::unique_lock lock(sleep_mutex_);
  return !sleep_cv_.wait_for(lock, delay, [&] { return shutdown_.load(); });
}

OtlpHttpSender::Attempt OtlpHttpSender::post(std::string_view body, milliseconds timeout) {
  if (!plain_) return post_with_curl(body, timeout);
  const HttpConnection::Result result = plain_->post(body, timeout, shutdown_);
  Attempt attempt;
  attempt.answered = !result.transport_error;
  attempt.transient = result.transport_error;
  attempt.status = result.status;
  attempt.retry_after = result.retry_after;
  return attempt;
}

OtlpHttpSender::Attempt OtlpHttpSender::post_with_curl(std::string_view body,
                                                       milliseconds timeout) {
  Attempt attempt;
  if (!curl_) {
    // The options that never change are set once: setting them all again (after
    // curl_easy_reset) for every batch cost libcurl more than the rest of the request.
    CURL* fresh = curl_easy_init();
    if (!fresh) return attempt;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, options_.protocol == OtlpProtocol::kHttpJson
                                             ? "Content-Type: application/json"
                                             : "Content-Type: application/x-protobuf");
    if (options_.gzip) headers = curl_slist_append(headers, "Content-Encoding: gzip");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    for (const auto& [name, value] : options_.headers)
      headers = curl_slist_append(headers, (name + ": " + value).c_str());
    curl_easy_setopt(fresh, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(fresh, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(fresh, CURLOPT_POST, 1L);
    curl_easy_setopt(fresh, CURLOPT_USERAGENT, "authlens-otlp-exporter/0.1");
    curl_easy_setopt(fresh, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(fresh, CURLOPT_WRITEFUNCTION, discard_body);
    curl_easy_setopt(fresh, CURLOPT_HEADERFUNCTION, capture_retry_after);
    curl_easy_setopt(fresh, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(fresh, CURLOPT_XFERINFOFUNCTION, abort_on_shutdown);
    curl_easy_setopt(fresh, CURLOPT_XFERINFODATA, &shutdown_);
    curl_ = fresh;
    headers_ = headers;
  }
  CURL* curl = static_cast<CURL*>(curl_);
  // Per request: the body (viewed, not copied by this option), the time left, and where the
  // Retry-After header goes.
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::max<long long>(1, timeout.count())));
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &attempt.retry_after);

  const CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &attempt.status);
    attempt.answered = true;
  } else {
    attempt.transient = is_transient_transport_error(code);
  }
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, nullptr);  // `attempt` is gone after this call
  return attempt;
}

bool OtlpHttpSender::send(std::string_view body, milliseconds timeout) {
  if (shutdown_) return false;
  const auto deadline = Clock::now() + std::min(timeout, options_.timeout);
  std::lock_guard lock(send_mutex_);
  std::string compressed;
  if (options_.gzip) {
    auto gzipped = gzip_compress(body);
    if (!gzipped) return false;
    compressed = std::move(*gzipped);
    body = compressed;
  }
  for (int retry = 0;; ++retry) {
    const auto remaining = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (remaining <= milliseconds(0)) return false;
    const Attempt attempt = post(body, remaining);
    if (attempt.answered && attempt.status >= 200 && attempt.status < 300) return true;
    const bool retryable =
        attempt.answered ? is_retryable_http_status(attempt.status) : attempt.transient;
    if (!retryable || shutdown_) return false;
    const milliseconds delay =
        attempt.retry_after
            ? *attempt.retry_after
            : backoff_delay(retry, options_.initial_backoff, options_.max_backoff, random_unit());
    if (Clock::now() + delay >= deadline) return false;  // would miss the timeout
    if (!sleep_unless_shutdown(delay)) return false;
  }
}

}  // namespace authlens::trace
