#include "mail/templates.hpp"

#include "text/html_escape.hpp"

#include <string>

namespace authlens::mail {
namespace {

std::string minutes_text(std::chrono::minutes m) {
  const auto n = m.count();
  return std::to_string(n) + (n == 1 ? " minute" : " minutes");
}

// Shared frame so every message looks alike; `inner` is already escaped HTML.
std::string html_page(std::string_view title, std::string_view inner) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  out += text::html_escape(title);
  out += "</title>\n</head>\n";
  out +=
      "<body style=\"font-family: -apple-system, Segoe UI, Helvetica, Arial, sans-serif; "
      "color: #1f2328; line-height: 1.5;\">\n";
  out += inner;
  out +=
      "<p style=\"color: #656d76; font-size: 12px;\">This message was sent by authlens. "
      "Please do not reply.</p>\n</body>\n</html>\n";
  return out;
}

struct CodeWording {
  std::string_view kind;
  std::string_view subject;
  std::string_view purpose;  // "to verify your email address"
  std::string_view not_you;
};

store::OutgoingMail compose_code(std::string_view recipient, std::string_view code,
                                 std::chrono::minutes valid_for, const CodeWording& w) {
  const std::string expiry = minutes_text(valid_for);
  store::OutgoingMail mail;
  mail.recipient = std::string(recipient);
  mail.kind = std::string(w.kind);
  mail.subject = std::string(w.subject);

  // The code stands alone on its line so people (and tests) can pick it out at a glance.
  mail.text_body = "Hello,\n\nEnter this code " + std::string(w.purpose) + ":\n\n" +
                   std::string(code) + "\n\nThe code expires in " + expiry +
                   " and works only once.\n\n" + std::string(w.not_you) + "\n\n-- \nauthlens\n";

  std::string inner;
  inner += "<p>Hello,</p>\n<p>Enter this code " + text::html_escape(w.purpose) + ":</p>\n";
  inner +=
      "<p style=\"font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 32px; "
      "font-weight: bold; letter-spacing: 6px; margin: 24px 0;\">" +
      text::html_escape(code) + "</p>\n";
  inner += "<p>The code expires in " + text::html_escape(expiry) + " and works only once.</p>\n";
  inner += "<p>" + text::html_escape(w.not_you) + "</p>\n";
  mail.html_body = html_page(w.subject, inner);
  return mail;
}

}  // namespace

store::OutgoingMail compose_verification(std::string_view recipient, std::string_view code,
                                         std::chrono::minutes valid_for) {
  return compose_code(
      recipient, code, valid_for,
      {"verify", "Your authlens verification code", "to verify your email address for authlens",
       "If you did not create an authlens account, you can ignore this message."});
}

store::OutgoingMail compose_reset(std::string_view recipient, std::string_view code,
                                  std::chrono::minutes valid_for) {
  return compose_code(recipient, code, valid_for,
                      {"reset", "Your authlens password reset code",
                       "to choose a new password for your authlens account",
                       "If you did not ask to reset your password, you can ignore this message; "
                       "your password has not changed."});
}

store::OutgoingMail compose_account_exists_notice(std::string_view recipient) {
  store::OutgoingMail mail;
  mail.recipient = std::string(recipient);
  mail.kind = "notice";
  mail.subject = "Someone tried to register with your email address";
  static constexpr std::string_view kLines[] = {
      "Someone just tried to create an authlens account with this email address, "
      "but an account already exists for it.",
      "If it was you, log in with your password, or reset your password if you have forgotten it.",
      "If it was not you, you can ignore this message: nothing about your account has changed.",
  };
  mail.text_body = "Hello,\n\n";
  std::string inner = "<p>Hello,</p>\n";
  for (auto line : kLines) {
    mail.text_body += std::string(line) + "\n\n";
    inner += "<p>" + text::html_escape(line) + "</p>\n";
  }
  mail.text_body += "-- \nauthlens\n";
  mail.html_body = html_page(mail.subject, inner);
  return mail;
}

}  // namespace authlens::mail
