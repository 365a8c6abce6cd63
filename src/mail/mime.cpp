#include "mail/mime.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace authlens::mail {
namespace {

constexpr std::string_view kCrlf = "\r\n";
// "=_" can never occur in quoted-printable output, so the boundary cannot clash with a body.
constexpr std::string_view kBoundary = "=_authlens_alternative";
constexpr std::size_t kMaxLine = 76;  // RFC 2045 limit for encoded lines

bool is_ctl(unsigned char c) { return c < 0x20 || c == 0x7f; }

void require_header_safe(std::string_view what, std::string_view value) {
  for (unsigned char c : value) {
    if (is_ctl(c)) throw MimeError(std::string(what) + " contains a control character");
  }
}

// Besides control characters, an address must not be able to add names or more recipients.
void require_address(std::string_view what, std::string_view value) {
  require_header_safe(what, value);
  if (value.empty() || value.find('@') == std::string_view::npos)
    throw MimeError(std::string(what) + " is not an email address");
  for (char c : value) {
    if (c == ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '(' ||
        c == ')' || c == '\\')
      throw MimeError(std::string(what) + " contains a character not allowed in an address");
  }
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16 |
                       static_cast<unsigned char>(in[i + 1]) << 8 |
                       static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += kAlphabet[v & 63];
  }
  if (const std::size_t rest = in.size() - i; rest > 0) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += rest == 2 ? kAlphabet[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

// Folds an ASCII header value at spaces so no line exceeds 78 characters where possible.
std::string fold_ascii(std::string_view value, std::size_t first_line_used) {
  std::string out;
  std::size_t line_len = first_line_used;
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t next = value.find(' ', pos + 1);
    if (next == std::string_view::npos) next = value.size();
    const std::string_view word = value.substr(pos, next - pos);  // starts with ' ' except first
    if (pos > 0 && line_len + word.size() > 78) {
      out += kCrlf;  // the word's leading space becomes the continuation's whitespace
      line_len = 0;
    }
    out += word;
    line_len += word.size();
    pos = next;
  }
  return out;
}

}  // namespace

std::string format_date(std::chrono::system_clock::time_point t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string encode_subject(std::string_view subject) {
  constexpr std::size_t kPrefix = 9;  // "Subject: "
  if (is_ascii(subject)) return fold_ascii(subject, kPrefix);
  // RFC 2047 encoded words of at most 75 characters; each holds whole UTF-8 characters only.
  constexpr std::size_t kMaxBytes = 45;  // 60 base64 characters + 12 of "=?UTF-8?B?" "?="
  std::string out;
  std::size_t pos = 0;
  while (pos < subject.size()) {
    std::size_t end = std::min(pos + kMaxBytes, subject.size());
    while (end < subject.size() && end > pos &&
           (static_cast<unsigned char>(subject[end]) & 0xC0) == 0x80)
      --end;  // back off to a character start
    if (end == pos) end = std::min(pos + kMaxBytes, subject.size());  // not UTF-8: split anyway
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(subject.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    const bool last = nl == std::string_view::npos;
    if (last) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (last && line.empty() && pos > 0) break;  // text ended with a newline

    std::size_t used = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      const bool line_end = i + 1 == line.size();
      // Trailing blanks get stripped in transit; a leading dot is special to SMTP.
      const bool literal = (c >= 33 && c <= 126 && c != '=' && !(c == '.' && used == 0)) ||
                           ((c == ' ' || c == '\t') && !line_end);
      char token[3] = {static_cast<char>(c), 0, 0};
      std::size_t token_len = 1;
      if (!literal) {
        token[0] = '=';
        token[1] = kHex[c >> 4];
        token[2] = kHex[c & 15];
        token_len = 3;
      }
      // Keep room for the soft break '=' unless this token ends the line.
      const std::size_t limit = line_end ? kMaxLine : kMaxLine - 1;
      if (used + token_len > limit) {
        out += "=\r\n";
        used = 0;
        if (token[0] == '.' && token_len == 1) {  // a dot now starts a line
          token[0] = '=';
          token[1] = '2';
          token[2] = 'E';
          token_len = 3;
        }
      }
      out.append(token, token_len);
      used += token_len;
    }
    out += kCrlf;
    if (last) break;
    pos = nl + 1;
  }
  return out;
}

std::string make_message_id(std::int64_t mail_id, std::int64_t created_at,
                            std::string_view sender_email) {
  std::string_view domain = "localhost";
  if (auto at = sender_email.rfind('@');
      at != std::string_view::npos && at + 1 < sender_email.size())
    domain = sender_email.substr(at + 1);
  return "<authlens." + std::to_string(mail_id) + "." + std::to_string(created_at) + "@" +
         std::string(domain) + ">";
}

std::string render_mime(const Message& message, const RenderOptions& options) {
  require_address("recipient", message.recipient);
  require_address("sender", options.from_address);
  require_header_safe("subject", message.subject);
  require_header_safe("sender name", options.from_name);
  require_header_safe("message id", options.message_id);
  for (char c : options.from_name) {
    if (c == '"' || c == '\\') throw MimeError("sender name contains a quote or backslash");
  }
  if (!is_ascii(options.from_name)) throw MimeError("sender name must be ASCII");

  std::string out;
  out.reserve(512 + message.text_body.size() * 2 + message.html_body.size() * 2);
  auto header = [&out](std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(value).append(kCrlf);
  };
  header("Date", format_date(options.date));
  header("From", "\"" + options.from_name + "\" <" + options.from_address + ">");
  header("To", message.recipient);
  header("Subject", encode_subject(message.subject));
  if (!options.message_id.empty()) header("Message-ID", options.message_id);
  header("MIME-Version", "1.0");
  header("Auto-Submitted", "auto-generated");  // RFC 3834: no auto-replies to this
  header("Content-Type", "multipart/alternative; boundary=\"" + std::string(kBoundary) + "\"");
  out += kCrlf;
  out += "This is a multi-part message in MIME format.\r\n\r\n";

  auto part = [&out](std::string_view type, std::string_view body) {
    out.append("--").append(kBoundary).append(kCrlf);
    out.append("Content-Type: ").append(type).append("; charset=UTF-8\r\n");
    out.append("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    out += quoted_printable(body);
  };
  part("text/plain", message.text_body);
  part("text/html", message.html_body);
  out.append("--").append(kBoundary).append("--\r\n");
  return out;
}

std::string render_mime(const store::QueuedMail& mail, const Message& message,
                        std::string_view sender_email, std::chrono::system_clock::time_point date) {
  RenderOptions options;
  options.from_address = std::string(sender_email);
  options.message_id = make_message_id(mail.id, mail.created_at, sender_email);
  options.date = date;
  return render_mime(message, options);
}

}  // namespace authlens::mail
