#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 for exporter tests: answers each request with the next
// scripted response (closing the connection) and records what it received.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace authlens::trace::testing {

struct ScriptedResponse {
  int status = 200;
  std::string extra_headers;  // "Retry-After: 0\r\n"
};

struct ReceivedRequest {
  std::string head;  // request line and headers
  std::string body;
};

class LoopbackHttpServer {
 public:
  explicit LoopbackHttpServer(std::vector<ScriptedResponse> script)
      : script_(script.begin(), script.end()) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackHttpServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/traces"; }
  std::vector<ReceivedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (!stop_) {
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      handle(client);
      ::close(client);
    }
  }

  void handle(int client) {
    std::string data;
    char buf[4096];
    std::size_t header_end = std::string::npos;
    while (header_end == std::string::npos) {
      const ssize_t n = ::recv(client, buf, sizeof buf, 0);
      if (n <= 0) return;
      data.append(buf, static_cast<std::size_t>(n));
      header_end = data.find("\r\n\r\n");
    }
    std::size_t content_length = 0;
    const auto cl = data.find("Content-Length:");
    if (cl != std::string::npos && cl < header_end)
      content_length = std::stoul(data.substr(cl + 15));
    while (data.size() < header_end + 4 + content_length) {
      const ssize_t n = ::recv(client, buf, sizeof buf, 0);
      if (n <= 0) return;
      data.append(buf, static_cast<std::size_t>(n));
    }
    ScriptedResponse response;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(
          {data.substr(0, header_end), data.substr(header_end + 4, content_length)});
      if (!script_.empty()) {
        response = script_.front();
        script_.pop_front();
      }
    }
    const std::string reply = "HTTP/1.1 " + std::to_string(response.status) +
                              " X\r\nContent-Length: 0\r\nConnection: close\r\n" +
                              response.extra_headers + "\r\n";
    ::send(client, reply.data(), reply.size(), MSG_NOSIGNAL);
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::deque<ScriptedResponse> script_;
  std::vector<ReceivedRequest> requests_;
  std::thread thread_;
};

}  // namespace authlens::trace::testing
