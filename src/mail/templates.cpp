#include "mail/templates.hpp"

#include <string>
#include <vector>

#include "text/html_escape.hpp"

namespace authlens::mail {
namespace {

std::string count_of(long long n, std::string_view unit) {
  return std::to_string(n) + " " + std::string(unit) + (n == 1 ? "" : "s");
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

struct Wording {
  std::string_view subject;
  std::vector<std::string_view> before;  // paragraphs before the code (or the whole notice)
  std::vector<std::string_view> after;   // paragraphs after the expiry line
};

Message compose(std::string_view recipient, const Wording& w, std::string_view code,
                std::chrono::seconds valid_for) {
  Message m;
  m.recipient = std::string(recipient);
  m.subject = std::string(w.subject);
  m.text_body = "Hello,\n\n";
  std::string inner = "<p>Hello,</p>\n";
  auto paragraph = [&](std::string_view line) {
    m.text_body.append(line).append("\n\n");
    inner += "<p>" + text::html_escape(line) + "</p>\n";
  };
  for (auto line : w.before) paragraph(line);
  if (!code.empty()) {
    // The code stands alone on its line so people (and tests) can pick it out at a glance.
    m.text_body.append(code).append("\n\n");
    inner +=
        "<p style=\"font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 32px; "
        "font-weight: bold; letter-spacing: 6px; margin: 24px 0;\">" +
        text::html_escape(code) + "</p>\n";
    paragraph("The code expires in " + lifetime_text(valid_for) + " and works only once.");
  }
  for (auto line : w.after) paragraph(line);
  m.text_body += "-- \nauthlens\n";
  m.html_body = html_page(m.subject, inner);
  return m;
}

const Wording kVerifyWording{
    "Your authlens verification code",
    {"Enter this code, with the password you want, to confirm your email address for authlens:"},
    {"If you did not sign up for authlens, you can ignore this message."}};

const Wording kVerifyExistingWording{
    "Your authlens sign-up code",
    {"Someone asked to sign up for authlens with this email address, which already has an "
     "account.",
     "If it was you and you want a new password, enter this code with the new password where you "
     "signed up; it signs you in:"},
    {"If it was not you, you can ignore this message: nothing changes unless the code is used."}};

const Wording kResetWording{
    "Your authlens password reset code",
    {"Enter this code to choose a new password for your authlens account:"},
    {"If you did not ask to reset your password, you can ignore this message; your password has "
     "not changed."}};

const Wording kResetUnknownWording{
    "Password reset requested for your email address",
    {"Someone asked to reset the authlens password of this email address, but there is no "
     "authlens account for it.",
     "If you would like one, sign up with this address. If it was not you, you can ignore this "
     "message."},
    {}};

const Wording* wording_of(std::string_view k) {
  if (k == kind::kVerify) return &kVerifyWording;
  if (k == kind::kVerifyExisting) return &kVerifyExistingWording;
  if (k == kind::kReset) return &kResetWording;
  if (k == kind::kResetUnknown) return &kResetUnknownWording;
  return nullptr;
}

}  // namespace

bool carries_code(std::string_view k) noexcept {
  return k == kind::kVerify || k == kind::kVerifyExisting || k == kind::kReset;
}

std::optional<Message> render(std::string_view k, std::string_view recipient, std::string_view code,
                              std::chrono::seconds code_valid_for) {
  const Wording* w = wording_of(k);
  if (w == nullptr) return std::nullopt;
  return compose(recipient, *w, carries_code(k) ? code : std::string_view{}, code_valid_for);
}

std::string lifetime_text(std::chrono::seconds lifetime) {
  const long long s = std::max<long long>(1, lifetime.count());
  if (s < 60) return count_of(s, "second");
  if (s % 3600 == 0) return count_of(s / 3600, "hour");
  // Whole minutes, and the seconds too while they still matter (under ten minutes).
  if (s % 60 == 0 || s >= 600) return count_of(s / 60, "minute");
  return count_of(s / 60, "minute") + " " + count_of(s % 60, "second");
}

}  // namespace authlens::mail
