#include "mail/dev_mailer.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <system_error>

#include "mail/mime.hpp"
#include "telemetry/log/logger.hpp"

namespace authlens::mail {
namespace {

// Sorts chronologically in a directory listing, and is safe in any file system.
std::string file_timestamp(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

}  // namespace

DevMailer::DevMailer(log::Logger& logger, std::filesystem::path directory, std::string sender_email)
    : logger_(logger), directory_(std::move(directory)), sender_email_(std::move(sender_email)) {}

DeliveryResult DevMailer::deliver(const store::QueuedMail& mail, const Message& message) {
  const auto now = std::chrono::system_clock::now();
  std::string document;
  try {
    document = render_mime(mail, message, sender_email_, now);
  } catch (const MimeError& e) {
    return {DeliveryResult::Outcome::kRejected, std::string("message not renderable: ") + e.what()};
  }

  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) return {DeliveryResult::Outcome::kRetry, "cannot create mail directory: " + ec.message()};
  const auto path = directory_ / (file_timestamp(now) + "-" + std::to_string(mail.id) + ".eml");
  // Written aside and renamed, so a reader never sees half a message.
  const auto partial = std::filesystem::path(path).concat(".part");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(document.data(), static_cast<std::streamsize>(document.size()));
    out.close();
    if (!out) return {DeliveryResult::Outcome::kRetry, "cannot write " + partial.string()};
  }
  std::filesystem::rename(partial, path, ec);
  if (ec) return {DeliveryResult::Outcome::kRetry, "cannot rename mail file: " + ec.message()};

  logger_.info("mail written (dev mailer)", {{"mail.id", mail.id},
                                             {"email.kind", mail.kind},
                                             {"mail.recipient", mail.recipient},
                                             {"mail.subject", message.subject},
                                             {"mail.file", path.string()}});
  return {DeliveryResult::Outcome::kSent, {}};
}

}  // namespace authlens::mail
