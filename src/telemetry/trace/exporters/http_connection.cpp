#include "telemetry/trace/exporters/http_connection.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <ctime>

#include "telemetry/trace/exporters/retry_policy.hpp"

namespace authlens::trace {
namespace {

constexpr std::size_t kMaxResponseHead = 64 * 1024;
// How often a wait looks at the cancel flag (shutdown): bounds how long a shutdown waits.
constexpr std::chrono::milliseconds kCancelCheck{100};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::optional<HttpEndpoint> parse_http_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.size() <= kScheme.size() || !iequals(url.substr(0, kScheme.size()), kScheme))
    return std::nullopt;
  url.remove_prefix(kScheme.size());
  const std::size_t slash = url.find_first_of("/?");
  HttpEndpoint e;
  const std::string_view authority = url.substr(0, slash);
  if (slash == std::string_view::npos || url[slash] == '?') e.target.push_back('/');
  if (slash != std::string_view::npos) e.target.append(url.data() + slash, url.size() - slash);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  e.authority = std::string(authority);
  std::string_view host = authority, port = "80";
  if (authority.front() == '[') {  // [v6]:port
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      port = authority.substr(close + 2);
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  unsigned number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (host.empty() || ec != std::errc() || end != port.data() + port.size() || number == 0 ||
      number > 65535)
    return std::nullopt;
  e.host = std::string(host);
  e.port = std::string(port);
  return e;
}

HttpConnection::HttpConnection(HttpEndpoint endpoint, std::string headers)
    : endpoint_(std::move(endpoint)) {
  head_prefix_ = "POST " + endpoint_.target + " HTTP/1.1\r\nHost: " + endpoint_.authority + "\r\n" +
                 headers + "Content-Length: ";
}

HttpConnection::~HttpConnection() { close(); }

void HttpConnection::close() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  in_.clear();
}

HttpConnection::Io HttpConnection::wait(short events, Clock::time_point deadline,
                                        const std::atomic<bool>& cancel) {
  while (true) {
    if (cancel.load(std::memory_order_relaxed)) return Io::kError;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return Io::kTimeout;
    pollfd p{fd_, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min(left, kCancelCheck).count()) + 1);
    if (n > 0)
      return (p.revents & (POLLERR | POLLNVAL)) && !(p.revents & POLLIN) ? Io::kError : Io::kOk;
    if (n < 0 && errno != EINTR) return Io::kError;
  }
}

HttpConnection::Io HttpConnection::connect(Clock::time_point deadline,
                                           const std::atomic<bool>& cancel) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(endpoint_.host.c_str(), endpoint_.port.c_str(), &hints, &found) != 0)
    return Io::kError;
  Io outcome = Io::kError;
  for (addrinfo* a = found; a != nullptr && outcome != Io::kOk; a = a->ai_next) {
    fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd_ < 0) continue;
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd_, a->ai_addr, a->ai_addrlen) == 0) {
      outcome = Io::kOk;
    } else if (errno == EINPROGRESS) {
      outcome = wait(POLLOUT, deadline, cancel);
      int error = 0;
      socklen_t size = sizeof error;
      if (outcome == Io::kOk &&
          (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size) != 0 || error != 0))
        outcome = Io::kError;
    }
    if (outcome != Io::kOk) close();
    if (outcome == Io::kTimeout) break;
  }
  freeaddrinfo(found);
  return outcome;
}

HttpConnection::Io HttpConnection::send_request(std::string_view head, std::string_view body,
                                                Clock::time_point deadline,
                                                const std::atomic<bool>& cancel) {
  std::size_t sent = 0;
  const std::size_t total = head.size() + body.size();
  while (sent < total) {
    iovec parts[2];
    int count = 0;
    if (sent < head.size()) {
      parts[count++] = {const_cast<char*>(head.data() + sent), head.size() - sent};
      parts[count++] = {const_cast<char*>(body.data()), body.size()};
    } else {
      parts[count++] = {const_cast<char*>(body.data() + (sent - head.size())), total - sent};
    }
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = static_cast<std::size_t>(count);
    const ssize_t n = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (const Io io = wait(POLLOUT, deadline, cancel); io != Io::kOk) return io;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return errno == EPIPE || errno == ECONNRESET ? Io::kClosed : Io::kError;
    }
  }
  return Io::kOk;
}

HttpConnection::Io HttpConnection::fill(Clock::time_point deadline,
                                        const std::atomic<bool>& cancel) {
  char buffer[8192];
  while (true) {
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) {
      in_.append(buffer, static_cast<std::size_t>(n));
      return Io::kOk;
    }
    if (n == 0) return Io::kClosed;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      return errno == ECONNRESET ? Io::kClosed : Io::kError;
    if (const Io io = wait(POLLIN, deadline, cancel); io != Io::kOk) return io;
  }
}

HttpConnection::Io HttpConnection::read_response(Result& result, bool& keep_alive,
                                                 Clock::time_point deadline,
                                                 const std::atomic<bool>& cancel) {
  std::size_t head_end;
  while ((head_end = in_.find("\r\n\r\n")) == std::string::npos) {
    if (in_.size() > kMaxResponseHead) return Io::kError;
    if (const Io io = fill(deadline, cancel); io != Io::kOk) return io;
  }
  const std::string_view head(in_.data(), head_end);
  // "HTTP/1.1 200 OK"
  const std::size_t space = head.find(' ');
  if (head.substr(0, 5) != "HTTP/" || space == std::string_view::npos) return Io::kError;
  const auto [end, ec] =
      std::from_chars(head.data() + space + 1, head.data() + head.size(), result.status);
  if (ec != std::errc()) return Io::kError;
  keep_alive = head.substr(0, space) == "HTTP/1.1";
  std::optional<std::size_t> length;
  bool chunked = false;
  for (std::size_t at = head.find("\r\n"); at != std::string_view::npos && at < head.size();) {
    const std::size_t next = head.find("\r\n", at + 2);
    const std::string_view line =
        head.substr(at + 2, (next == std::string_view::npos ? head.size() : next) - at - 2);
    at = next;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
    if (iequals(name, "content-length")) {
      std::size_t n = 0;
      if (std::from_chars(value.data(), value.data() + value.size(), n).ec == std::errc())
        length = n;
    } else if (iequals(name, "transfer-encoding")) {
      chunked = value.size() >= 7 && iequals(value.substr(value.size() - 7), "chunked");
    } else if (iequals(name, "connection")) {
      if (iequals(value, "close")) keep_alive = false;
    } else if (iequals(name, "retry-after")) {
      result.retry_after = parse_retry_after(value, std::time(nullptr));
    }
  }
  in_.erase(0, head_end + 4);
  // The body says nothing we use: read past it, to keep the connection in step.
  if (chunked) {
    while (true) {
      std::size_t line_end;
      while ((line_end = in_.find("\r\n")) == std::string::npos)
        if (const Io io = fill(deadline, cancel); io != Io::kOk) return io;
      std::size_t size = 0;
      std::from_chars(in_.data(), in_.data() + line_end, size, 16);
      const std::size_t need = line_end + 2 + size + 2;  // the chunk and its CRLF
      while (in_.size() < need)
        if (const Io io = fill(deadline, cancel); io != Io::kOk) return io;
      in_.erase(0, need);
      if (size == 0) break;  // no trailers from an OTLP receiver
    }
  } else if (length) {
    while (in_.size() < *length)
      if (const Io io = fill(deadline, cancel); io != Io::kOk) return io;
    in_.erase(0, *length);
  } else if (result.status >= 200 && result.status != 204 && result.status != 304) {
    keep_alive = false;  // the body runs to the end of the connection: not worth reading
  }
  return Io::kOk;
}

HttpConnection::Result HttpConnection::post(std::string_view body,
                                            std::chrono::milliseconds timeout,
                                            const std::atomic<bool>& cancel) {
  const auto deadline = Clock::now() + timeout;
  Result result;
  head_.assign(head_prefix_);
  char digits[24];
  head_.append(digits, std::to_chars(digits, digits + sizeof digits, body.size()).ptr);
  head_.append("\r\n\r\n");
  // A kept-alive connection the receiver has closed meanwhile fails at once: that one is tried
  // again on a fresh connection, right away.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = fd_ >= 0;
    if (!reused) {
      if (const Io io = connect(deadline, cancel); io != Io::kOk) {
        result.transport_error = true;
        result.timed_out = io == Io::kTimeout;
        return result;
      }
    }
    in_.clear();
    bool keep_alive = false;
    Io io = send_request(head_, body, deadline, cancel);
    if (io == Io::kOk) io = read_response(result, keep_alive, deadline, cancel);
    if (io == Io::kOk) {
      if (!keep_alive) close();
      return result;
    }
    close();
    if (io == Io::kClosed && reused && result.status == 0) continue;
    result = Result{};
    result.transport_error = true;
    result.timed_out = io == Io::kTimeout;
    return result;
  }
  result.transport_error = true;
  return result;
}

}  // namespace authlens::trace
