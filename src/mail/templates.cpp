#include "mail/templates.hpp"

#include <ctime>
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

// " on 2026-12-03 08:15 UTC from 192.0.2.7": where a notice's wording says {facts}.
std::string facts_text(const NoticeFacts& facts) {
  std::string out = " on " + utc_minute_text(facts.at);
  if (!facts.client_address.empty())
    out += " from the address " + std::string(facts.client_address);
  return out;
}

std::string with_facts(std::string_view line, const NoticeFacts& facts) {
  constexpr std::string_view kSlot = "{facts}";
  const auto at = line.find(kSlot);
  if (at == std::string_view::npos) return std::string(line);
  return std::string(line.substr(0, at)) + facts_text(facts) +
         std::string(line.substr(at + kSlot.size()));
}

Message compose(std::string_view recipient, const Wording& w, std::string_view code,
                std::chrono::seconds valid_for, const NoticeFacts& facts) {
  Message m;
  m.recipient = std::string(recipient);
  m.subject = std::string(w.subject);
  m.text_body = "Hello,\n\n";
  std::string inner = "<p>Hello,</p>\n";
  auto paragraph = [&](std::string_view raw) {
    const std::string line = with_facts(raw, facts);
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

// Every notice ends alike: what to do when it was somebody else.
constexpr std::string_view kIfNotYou =
    "If this was not you, someone else knows your password or can read your mail: reset your "
    "password with \"Forgot password\" on the sign-in page, check who can get into this mailbox, "
    "and turn on a second factor. Every other session was signed out.";

const Wording kPasswordChangedWording{
    "Your authlens password was changed",
    {"Your authlens password was changed{facts}.", "If this was you, there is nothing to do."},
    {kIfNotYou}};

const Wording kPasswordResetWording{
    "Your authlens password was reset",
    {"Your authlens password was reset with a code mailed to this address{facts}.",
     "If this was you, there is nothing to do."},
    {kIfNotYou}};

const Wording kPasswordSetBySignUpWording{
    "Your authlens password was set by signing up again",
    {"Your authlens password was set by signing up again with a code mailed to this "
     "address{facts}.",
     "If this was you, there is nothing to do."},
    {kIfNotYou}};

const Wording kSecondFactorEnabledWording{
    "A second factor was turned on for your authlens account",
    {"An authenticator app was set up as a second factor for your authlens account{facts}.",
     "If this was you, keep your recovery codes somewhere safe."},
    {kIfNotYou}};

const Wording kSecondFactorDisabledWording{
    "The second factor of your authlens account was turned off",
    {"The authenticator app of your authlens account was turned off{facts}: a password alone "
     "now signs in.",
     "If this was you, there is nothing to do."},
    {kIfNotYou}};

const Wording kRecoveryCodeUsedWording{
    "A recovery code of your authlens account was used",
    {"One of your authlens recovery codes was used to sign in{facts}. Each code works once.",
     "If this was you, consider making a new set of codes in your account settings."},
    {kIfNotYou}};

const Wording kPasskeyAddedWording{
    "A passkey was added to your authlens account",
    {"A passkey was added to your authlens account{facts}. It signs you in without a password.",
     "If this was you, there is nothing to do."},
    {kIfNotYou}};

const Wording kPasskeyRemovedWording{"A passkey was removed from your authlens account",
                                     {"A passkey was removed from your authlens account{facts}.",
                                      "If this was you, there is nothing to do."},
                                     {kIfNotYou}};

const Wording* wording_of(std::string_view k) {
  if (k == kind::kVerify) return &kVerifyWording;
  if (k == kind::kVerifyExisting) return &kVerifyExistingWording;
  if (k == kind::kReset) return &kResetWording;
  if (k == kind::kResetUnknown) return &kResetUnknownWording;
  if (k == kind::kPasswordChanged) return &kPasswordChangedWording;
  if (k == kind::kPasswordReset) return &kPasswordResetWording;
  if (k == kind::kPasswordSetBySignUp) return &kPasswordSetBySignUpWording;
  if (k == kind::kSecondFactorEnabled) return &kSecondFactorEnabledWording;
  if (k == kind::kSecondFactorDisabled) return &kSecondFactorDisabledWording;
  if (k == kind::kRecoveryCodeUsed) return &kRecoveryCodeUsedWording;
  if (k == kind::kPasskeyAdded) return &kPasskeyAddedWording;
  if (k == kind::kPasskeyRemoved) return &kPasskeyRemovedWording;
  return nullptr;
}

}  // namespace

bool carries_code(std::string_view k) noexcept {
  return k == kind::kVerify || k == kind::kVerifyExisting || k == kind::kReset;
}

std::optional<Message> render(std::string_view k, std::string_view recipient, std::string_view code,
                              std::chrono::seconds code_valid_for, const NoticeFacts& facts) {
  const Wording* w = wording_of(k);
  if (w == nullptr) return std::nullopt;
  return compose(recipient, *w, carries_code(k) ? code : std::string_view{}, code_valid_for, facts);
}

std::string utc_minute_text(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  const auto n = std::strftime(out, sizeof out, "%Y-%m-%d %H:%M UTC", &tm);
  return std::string(out, n);
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
