#pragma once
// Delivers over SMTP with libcurl: STARTTLS when offered for smtp://, implicit TLS for smtps://,
// AUTH when a password is set. Each delivery takes a session (a libcurl handle and the
// connection it keeps) from a pool and gives it back: the next message on it is sent on the
// same connection (MAIL FROM again, no new TCP or TLS handshake, no new AUTH) while the relay
// keeps it open, so a backlog costs a round trip per message, not a session. A session that
// failed is closed rather than reused, and one is closed after kMessagesPerSession messages
// (relays limit them, e.g. 100 per connection) or when libcurl finds it idle too long.
// deliver() may be called from several threads at once: one session each.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mail/mailer.hpp"

namespace authlens::mail {

struct SmtpSettings {
  std::string url;                           // smtp://host:port or smtps://host:port
  std::string sender_email;                  // MAIL FROM and From:; "authlens@localhost" when empty
  std::string username;                      // defaults to sender_email
  std::string password;                      // AUTH only when set
  std::chrono::milliseconds timeout{10000};  // whole conversation, per message
};

class SmtpMailer final : public Mailer {
 public:
  static constexpr int kMessagesPerSession = 100;

  // Throws std::invalid_argument when the URL is not smtp:// or smtps:// with a host.
  explicit SmtpMailer(SmtpSettings settings);
  ~SmtpMailer() override;

  DeliveryResult deliver(const store::QueuedMail& mail, const Message& message) override;
  void cancel() noexcept override;
  std::string server_address() const override { return host_; }
  int server_port() const override { return port_; }

 private:
  SmtpSettings settings_;
  std::string host_;
  int port_ = 0;
  bool implicit_tls_ = false;
  bool require_tls_ = false;  // credentials never cross the network in clear text
  std::atomic<bool> cancelled_{false};

  struct Session;
  struct Attempt {
    int result = 0;  // CURLcode
    long smtp_code = 0;
    std::string detail;
    bool body_started = false;
  };
  Attempt attempt(Session& session, const store::QueuedMail& mail, const std::string& document);
  std::unique_ptr<Session> take_session();
  void give_back(std::unique_ptr<Session> session);
  std::mutex sessions_mu_;
  std::vector<std::unique_ptr<Session>> idle_sessions_;
};

}  // namespace authlens::mail
