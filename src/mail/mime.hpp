#pragma once
// Renders a Message as an RFC 5322 / MIME document ready for SMTP DATA or an .eml file:
// multipart/alternative (text, then HTML), UTF-8, quoted-printable, CRLF line endings.
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "mail/message.hpp"
#include "store/store.hpp"

namespace authlens::mail {

// A header value that could inject headers or recipients (CR, LF, control characters).
struct MimeError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct RenderOptions {
  std::string from_address;  // bare address, e.g. authlens@example.com
  std::string from_name = "authlens";
  std::string message_id;  // with angle brackets, see make_message_id
  std::chrono::system_clock::time_point date = std::chrono::system_clock::now();
};

// Throws MimeError when the recipient, sender or subject is unsafe in a header.
std::string render_mime(const Message& message, const RenderOptions& options);

// An outbox row as sent: From the sender, Message-ID from the row (see make_message_id).
std::string render_mime(const store::QueuedMail& mail, const Message& message,
                        std::string_view sender_email, std::chrono::system_clock::time_point date);

// Stable for one outbox row, so a retried delivery carries the same Message-ID and receivers
// can recognise a duplicate.
std::string make_message_id(std::int64_t mail_id, std::int64_t created_at,
                            std::string_view sender_email);

// Building blocks, exposed for tests.
std::string format_date(
    std::chrono::system_clock::time_point t);          // "Mon, 02 Jan 2006 15:04:05 +0000"
std::string encode_subject(std::string_view subject);  // folded; RFC 2047 when not ASCII
std::string quoted_printable(std::string_view text);   // CRLF line ends, lines <= 76 chars

}  // namespace authlens::mail
