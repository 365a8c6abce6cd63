#pragma once
// A blocking HTTP/1.1 client for one origin over a kept-alive TCP connection, just what the OTLP
// exporter needs for an http:// endpoint: POST a body, read the status (and Retry-After), drop
// the rest. Written by hand rather than through libcurl, whose easy interface copied every body
// into its own upload buffer and spent about as many instructions per export as encoding the
// spans (issue 19's profile: ~780 per GET /me). The head is written once per endpoint, the
// body goes to the kernel as it is (writev), nothing of it is copied here. https:// endpoints keep
// libcurl (TLS is not ours to write).
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace authlens::trace {

struct HttpEndpoint {
  std::string host;  // a name or an address ([…] stripped from IPv6 literals)
  std::string port;
  std::string target;     // path and query, "/" at least
  std::string authority;  // the Host header: host[:port] as the URL wrote it
};

// http://host[:port][/target]; nullopt for anything else (https, user info, no host).
std::optional<HttpEndpoint> parse_http_url(std::string_view url);

class HttpConnection {
 public:
  struct Result {
    bool transport_error = false;  // no answer: connect, send or receive failed or timed out
    bool timed_out = false;
    int status = 0;
    std::optional<std::chrono::milliseconds> retry_after;
  };

  // `headers`: the request's own header lines, each ending in CRLF (Content-Type, …).
  HttpConnection(HttpEndpoint endpoint, std::string headers);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // One POST within `timeout`; gives up early when `cancel` becomes true.
  Result post(std::string_view body, std::chrono::milliseconds timeout,
              const std::atomic<bool>& cancel);

 private:
  using Clock = std::chrono::steady_clock;
  enum class Io { kOk, kClosed, kTimeout, kError };

  Io connect(Clock::time_point deadline, const std::atomic<bool>& cancel);
  Io wait(short events, Clock::time_point deadline, const std::atomic<bool>& cancel);
  Io send_request(std::string_view head, std::string_view body, Clock::time_point deadline,
                  const std::atomic<bool>& cancel);
  Io read_response(Result& result, bool& keep_alive, Clock::time_point deadline,
                   const std::atomic<bool>& cancel);
  Io fill(Clock::time_point deadline, const std::atomic<bool>& cancel);  // more into in_
  void close() noexcept;

  HttpEndpoint endpoint_;
  std::string head_prefix_;  // request line, Host and the fixed headers, up to Content-Length
  std::string head_;         // reused: head_prefix_ + Content-Length + CRLF CRLF
  std::string in_;           // what was read of the response
  int fd_ = -1;
};

}  // namespace authlens::trace
