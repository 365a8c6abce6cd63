#pragma once
// Just enough of an SMTP server on 127.0.0.1 (port 0) to test the client: one connection at a time,
// several messages per connection, scripted replies, and a record of what arrived.
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "support/loopback_listener.hpp"

namespace authlens::mail::testing {

struct SmtpScript {
  std::string mail_reply = "250 2.1.0 OK";
  std::string rcpt_reply = "250 2.1.5 OK";
  std::string data_end_reply = "250 2.0.0 queued";
  bool advertise_auth = false;
  bool silent = false;               // accept connections, never answer
  bool close_after_message = false;  // a relay that takes one message per connection
};
struct SmtpReceived {
  std::string ehlo;
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  std::string data;
  std::string auth;  // what followed "AUTH PLAIN", base64
};

class LoopbackSmtpServer {
 public:
  using Script = SmtpScript;
  using Received = SmtpReceived;

  explicit LoopbackSmtpServer(Script script = {}) : script_(std::move(script)) {}

  int port() const { return listener_.port(); }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port()); }
  std::vector<Received> messages() const {
    std::lock_guard lock(mu_);
    return messages_;
  }
  int connections() const {
    std::lock_guard lock(mu_);
    return connections_;
  }

 private:
  std::optional<std::string> read_line(int fd, std::string& buffer) {
    for (;;) {
      if (auto nl = buffer.find("\r\n"); nl != std::string::npos) {
        std::string line = buffer.substr(0, nl);
        buffer.erase(0, nl + 2);
        return line;
      }
      if (!listener_.receive(fd, buffer)) return std::nullopt;
    }
  }

  static void send_line(int fd, const std::string& line) {
    authlens::testing::LoopbackListener::send_all(fd, line + "\r\n");
  }

  void converse(int fd) {
    {
      std::lock_guard lock(mu_);
      ++connections_;
    }
    std::string buffer;
    if (script_.silent) {
      while (read_line(fd, buffer)) {
      }
      return;
    }
    send_line(fd, "220 loopback ESMTP test");
    Received current;
    while (auto line = read_line(fd, buffer)) {
      const std::string verb = line->substr(0, line->find_first_of(" :"));
      if (verb == "EHLO") {
        current.ehlo = *line;
        send_line(fd, "250-loopback greets you");
        if (script_.advertise_auth) send_line(fd, "250-AUTH PLAIN");
        send_line(fd, "250 8BITMIME");
      } else if (verb == "HELO" || verb == "NOOP" || verb == "RSET") {
        send_line(fd, "250 OK");
      } else if (verb == "AUTH") {
        if (line->size() > 11) {
          current.auth = line->substr(11);  // "AUTH PLAIN " + initial response
        } else {
          send_line(fd, "334 ");
          current.auth = read_line(fd, buffer).value_or("");
        }
        send_line(fd, "235 2.7.0 Authentication successful");
      } else if (verb == "MAIL") {
        current.mail_from = *line;
        send_line(fd, script_.mail_reply);
      } else if (verb == "RCPT") {
        current.rcpt_to.push_back(*line);
        send_line(fd, script_.rcpt_reply);
      } else if (verb == "DATA") {
        send_line(fd, "354 End data with <CR><LF>.<CR><LF>");
        while (auto data_line = read_line(fd, buffer)) {
          if (*data_line == ".") break;
          current.data += *data_line + "\r\n";
        }
        {
          std::lock_guard lock(mu_);
          messages_.push_back(current);
        }
        send_line(fd, script_.data_end_reply);
        // The next message on this connection starts afresh (the greeting and AUTH stay).
        current.mail_from.clear();
        current.rcpt_to.clear();
        current.data.clear();
        if (script_.close_after_message) return;
      } else if (verb == "QUIT") {
        send_line(fd, "221 2.0.0 Bye");
        return;
      } else {
        send_line(fd, "502 5.5.2 Command not recognised");
      }
    }
  }

  Script script_;
  mutable std::mutex mu_;
  std::vector<Received> messages_;
  int connections_ = 0;
  authlens::testing::LoopbackListener listener_{
      [this](int fd) { converse(fd); }};  // last: stops first
};

}  // namespace authlens::mail::testing
