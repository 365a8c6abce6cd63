#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 (port 0) for exporter tests: answers each request with the
// next scripted response and records what it received. It closes the connection after each
// answer, or, with keep_alive, serves the next request on it (counting connections).
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "support/loopback_listener.hpp"

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
  explicit LoopbackHttpServer(std::vector<ScriptedResponse> script, bool keep_alive = false)
      : script_(script.begin(), script.end()), keep_alive_(keep_alive) {}

  std::size_t connections() const {
    std::lock_guard lock(mutex_);
    return connections_;
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(listener_.port()) + "/v1/traces";
  }
  std::vector<ReceivedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void handle(int client) {
    {
      std::lock_guard lock(mutex_);
      ++connections_;
    }
    std::string data;
    while (serve_one(client, data) && keep_alive_) {
    }
  }

  // One request from `data` (and what arrives), answered; false when the client is gone.
  bool serve_one(int client, std::string& data) {
    std::size_t header_end = std::string::npos;
    while ((header_end = data.find("\r\n\r\n")) == std::string::npos)
      if (!listener_.receive(client, data)) return false;
    std::size_t content_length = 0;
    const auto cl = data.find("Content-Length:");
    if (cl != std::string::npos && cl < header_end)
      content_length = std::stoul(data.substr(cl + 15));
    while (data.size() < header_end + 4 + content_length)
      if (!listener_.receive(client, data)) return false;
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
    data.erase(0, header_end + 4 + content_length);
    const std::string reply =
        "HTTP/1.1 " + std::to_string(response.status) + " X\r\nContent-Length: 2\r\n" +
        (keep_alive_ ? "" : "Connection: close\r\n") + response.extra_headers + "\r\n{}";
    return authlens::testing::LoopbackListener::send_all(client, reply);
  }

  mutable std::mutex mutex_;
  std::deque<ScriptedResponse> script_;
  std::vector<ReceivedRequest> requests_;
  std::size_t connections_ = 0;
  const bool keep_alive_;
  authlens::testing::LoopbackListener listener_{
      [this](int fd) { handle(fd); }};  // last: stops first
};

}  // namespace authlens::trace::testing
