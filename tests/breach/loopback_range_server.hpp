#pragma once
// Just enough of an HTTP server on 127.0.0.1 (port 0) to test the range client: one connection
// at a time, one request per connection, a scripted answer, and a record of every request head.
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "support/loopback_listener.hpp"

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

  explicit LoopbackRangeServer(Handler handler) : handler_(std::move(handler)) {}

  std::string url() const { return "http://127.0.0.1:" + std::to_string(listener_.port()); }
  // Every request head received (request line and headers, CRLF-separated), in order.
  std::vector<std::string> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  void answer(int fd) {
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
      if (!listener_.receive(fd, head)) return;
    }
    head.erase(head.find("\r\n\r\n"));
    {
      std::lock_guard lock(mu_);
      requests_.push_back(head);
    }
    const auto sp1 = head.find(' ');
    const auto sp2 = head.find(' ', sp1 + 1);
    const RangeReply reply = handler_(head.substr(sp1 + 1, sp2 - sp1 - 1));
    listener_.pause(reply.delay);
    if (listener_.stopping()) return;
    const std::string out = "HTTP/1.1 " + std::to_string(reply.status) +
                            " X\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                            "Content-Length: " +
                            std::to_string(reply.body.size()) + "\r\n\r\n" + reply.body;
    authlens::testing::LoopbackListener::send_all(fd, out);
  }

  Handler handler_;
  mutable std::mutex mu_;
  std::vector<std::string> requests_;
  authlens::testing::LoopbackListener listener_{
      [this](int fd) { answer(fd); }};  // last: stops first
};

}  // namespace authlens::breach::testing
