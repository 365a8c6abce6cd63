#pragma once
// Delivers over SMTP with libcurl: STARTTLS when offered for smtp://, implicit TLS for smtps://,
// AUTH when a password is set. One connection per message: mail is rare, simplicity wins.
#include <atomic>
#include <chrono>
#include <string>

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
  // Throws std::invalid_argument when the URL is not smtp:// or smtps:// with a host.
  explicit SmtpMailer(SmtpSettings settings);

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
};

}  // namespace authlens::mail
