#pragma once
// Development stand-in for SMTP: each message becomes an .eml file and a log line naming it. The
// line never carries the body (codes stay out of logs, as everywhere); the file does, so the
// application refuses this mailer when AUTHLENS_ENV=production.
#include <filesystem>
#include <string>

#include "mail/mailer.hpp"

namespace authlens::log {
class Logger;
}

namespace authlens::mail {

class DevMailer final : public Mailer {
 public:
  // The directory is created on first delivery.
  explicit DevMailer(log::Logger& logger, std::filesystem::path directory = "var/mail",
                     std::string sender_email = "authlens@localhost");

  // Writes <directory>/<UTC timestamp>-<id>.eml. Never kRejected: a file system error is kRetry.
  DeliveryResult deliver(const store::QueuedMail& mail, const Message& message) override;

 private:
  log::Logger& logger_;
  std::filesystem::path directory_;
  std::string sender_email_;
};

}  // namespace authlens::mail
