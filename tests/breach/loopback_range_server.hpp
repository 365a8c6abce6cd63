#pragma once
// Just enough of an HTTP server on 127.0.0.1 (port 0) to test the range client: one connection
// at a time, one request per connection, a scripted answer, and a record of every request head.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace authlens::breach::testing {

struct RangeReply {
  int status = 200;
  std::string body;
  std::chrono::milliseconds delay{0};  // before answering: a slow server
};

class LoopbackRangeServer {
 public:
  // Answers each request from its target ("/range/ABCDE").
  using Handler = std::function<RangeReply(const std::string& target)>;

  explicit LoopbackRangeServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;  // any free port
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 64) != 0)
      throw std::runtime_error("loopback range server: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackRangeServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  LoopbackRangeServer(const LoopbackRangeServer&) = delete;
  LoopbackRangeServer& operator=(const LoopbackRangeServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Every request head received (request line and headers, CRLF-separated), in order.
  std::vector<std::string> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  // Waits for readability in short steps so the destructor is never held up.
  bool readable(int fd) {
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) > 0) return true;
    }
    return false;
  }

  void pause(std::chrono::milliseconds delay) {
    const auto until = std::chrono::steady_clock::now() + delay;
    while (!stop_ && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  void serve() {
    while (readable(listen_fd_)) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      answer(fd);
      ::close(fd);
    }
  }

  void answer(int fd) {
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
      if (!readable(fd)) return;
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      head.append(chunk, static_cast<std::size_t>(n));
    }
    head.erase(head.find("\r\n\r\n"));
    {
      std::lock_guard lock(mu_);
      requests_.push_back(head);
    }
    const auto sp1 = head.find(' ');
    const auto sp2 = head.find(' ', sp1 + 1);
    const RangeReply reply = handler_(head.substr(sp1 + 1, sp2 - sp1 - 1));
    pause(reply.delay);
    if (stop_) return;
    const std::string out = "HTTP/1.1 " + std::to_string(reply.status) +
                            " X\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                            "Content-Length: " +
                            std::to_string(reply.body.size()) + "\r\n\r\n" + reply.body;
    for (std::size_t sent = 0; sent < out.size();) {
      const ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<std::string> requests_;
};

}  // namespace authlens::breach::testing
