#include "mail/mime.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace authlens::mail {
namespace {

std::vector<std::string> crlf_lines(const std::string& doc) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < doc.size()) {
    const auto end = doc.find("\r\n", pos);
    if (end == std::string::npos) {
      lines.push_back(doc.substr(pos));
      break;
    }
    lines.push_back(doc.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

// Decodes quoted-printable into text with "\n" line ends (the reader's view).
std::string decode_qp(const std::string& qp) {
  std::string out;
  for (const auto& line : crlf_lines(qp)) {
    bool soft = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '=') {
        out += line[i];
      } else if (i + 1 == line.size()) {
        soft = true;
      } else {
        out += static_cast<char>(std::stoi(line.substr(i + 1, 2), nullptr, 16));
        i += 2;
      }
    }
    if (!soft) out += '\n';
  }
  return out;
}

std::string decode_base64(const std::string& in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : in) {
    if (c == '=') break;
    bits = bits << 6 | static_cast<unsigned>(kAlphabet.find(c));
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>(bits >> count & 0xff);
    }
  }
  return out;
}

Message sample() {
  return Message{"ada@example.com", "Your authlens verification code",
                 "Hello,\n\n123456\n\nBye = see you\n", "<p>Hello <b>123456</b></p>\n"};
}

RenderOptions options() {
  RenderOptions o;
  o.from_address = "noreply@authlens.test";
  o.message_id = make_message_id(7, 1700000000, o.from_address);
  o.date = std::chrono::system_clock::from_time_t(1700000000);
  return o;
}

// The body of the part whose Content-Type starts with `type`.
std::string part_body(const std::string& doc, const std::string& type) {
  const auto header = doc.find("Content-Type: " + type);
  const auto start = doc.find("\r\n\r\n", header) + 4;
  const auto end = doc.find("--=_authlens_alternative", start);
  return doc.substr(start, end - start);
}

TEST(Mime, WritesTheHeadersAMailReaderExpects) {
  const std::string doc = render_mime(sample(), options());
  EXPECT_EQ(doc.rfind("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n", 0), 0u) << doc;
  EXPECT_NE(doc.find("\r\nFrom: \"authlens\" <noreply@authlens.test>\r\n"), std::string::npos);
  EXPECT_NE(doc.find("\r\nTo: ada@example.com\r\n"), std::string::npos);
  EXPECT_NE(doc.find("\r\nSubject: Your authlens verification code\r\n"), std::string::npos);
  EXPECT_NE(doc.find("\r\nMessage-ID: <authlens.7.1700000000@authlens.test>\r\n"),
            std::string::npos);
  EXPECT_NE(doc.find("\r\nMIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(
      doc.find("\r\nContent-Type: multipart/alternative; boundary=\"=_authlens_alternative\""),
      std::string::npos);
}

TEST(Mime, PlainTextComesBeforeHtmlAndBothDecodeToTheOriginal) {
  const Message m = sample();
  const std::string doc = render_mime(m, options());
  const auto text = doc.find("Content-Type: text/plain; charset=UTF-8");
  const auto html = doc.find("Content-Type: text/html; charset=UTF-8");
  ASSERT_NE(text, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  EXPECT_LT(text, html);
  EXPECT_NE(doc.find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
  EXPECT_EQ(decode_qp(part_body(doc, "text/plain")), m.text_body);
  EXPECT_EQ(decode_qp(part_body(doc, "text/html")), m.html_body);
  EXPECT_NE(doc.find("\r\n--=_authlens_alternative--\r\n"), std::string::npos);
}

TEST(Mime, EveryLineEndsWithCrlfAndFitsTheLimits) {
  Message m = sample();
  m.text_body = std::string(300, 'x') + "\nshort\r\n" + std::string(200, '=') + "\n";
  const std::string doc = render_mime(m, options());
  for (std::size_t i = 0; i < doc.size(); ++i) {
    if (doc[i] == '\n') {
      EXPECT_TRUE(i > 0 && doc[i - 1] == '\r') << "bare LF at " << i;
    }
    if (doc[i] == '\r') {
      EXPECT_TRUE(i + 1 < doc.size() && doc[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  EXPECT_EQ(doc.substr(doc.size() - 2), "\r\n");
  const std::string body = part_body(doc, "text/plain");
  for (const auto& line : crlf_lines(body)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(decode_qp(body), std::string(300, 'x') + "\nshort\n" + std::string(200, '=') + "\n");
}

TEST(Mime, QuotedPrintableProtectsDotsBlanksAndNonAscii) {
  EXPECT_EQ(quoted_printable(".hidden\n"), "=2Ehidden\r\n");
  EXPECT_EQ(quoted_printable("trailing \n"), "trailing=20\r\n");
  EXPECT_EQ(quoted_printable("a=b"), "a=3Db\r\n");
  EXPECT_EQ(quoted_printable("caf\xc3\xa9\n"), "caf=C3=A9\r\n");
  // A dot pushed to the start of a continuation line is protected too.
  const std::string qp = quoted_printable(std::string(75, 'a') + ".b");
  for (const auto& line : crlf_lines(qp)) EXPECT_NE(line.front(), '.') << qp;
  EXPECT_EQ(decode_qp(qp), std::string(75, 'a') + ".b\n");
}

TEST(Mime, NonAsciiSubjectsAreEncodedWords) {
  Message m = sample();
  m.subject = "V\xc3\xa9rification \xe2\x9c\x93";
  const std::string doc = render_mime(m, options());
  const std::regex word(R"(Subject: =\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=\r\n)");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(doc, match, word)) << doc;
  EXPECT_EQ(decode_base64(match[1]), m.subject);
}

TEST(Mime, LongNonAsciiSubjectsSplitOnCharacterBoundaries) {
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "\xc3\xa9\xe2\x9c\x93";  // é✓, 5 bytes
  const std::string encoded = encode_subject(subject);
  std::string decoded;
  for (const auto& line : crlf_lines(encoded)) {
    std::string word = line.front() == ' ' ? line.substr(1) : line;
    EXPECT_LE(word.size(), 75u);
    ASSERT_EQ(word.rfind("=?UTF-8?B?", 0), 0u);
    const std::string chunk = decode_base64(word.substr(10, word.size() - 12));
    EXPECT_NE(static_cast<unsigned char>(chunk.front()) & 0xC0, 0x80u) << "split inside a char";
    decoded += chunk;
  }
  EXPECT_EQ(decoded, subject);
}

TEST(Mime, LongAsciiSubjectsAreFolded) {
  const std::string subject =
      "This subject is deliberately long so that it has to be folded somewhere along the way "
      "because header lines should stay short";
  const std::string encoded = encode_subject(subject);
  std::string unfolded;
  for (const auto& line : crlf_lines(encoded)) {
    EXPECT_LE(line.size(), 78u);
    unfolded += line;
  }
  EXPECT_EQ(unfolded, subject);
}

TEST(Mime, RefusesHeaderInjection) {
  for (const char* recipient :
       {"ada@example.com\r\nBcc: eve@example.com", "ada@example.com\n",
        "ada@example.com, eve@example.com", "Eve <eve@example.com>", "no-at-sign", ""}) {
    Message m = sample();
    m.recipient = recipient;
    EXPECT_THROW(render_mime(m, options()), MimeError) << recipient;
  }
  for (const char* subject : {"Hi\r\nBcc: eve@example.com", "Hi\nX: y", "Hi\rthere"}) {
    Message m = sample();
    m.subject = subject;
    EXPECT_THROW(render_mime(m, options()), MimeError) << subject;
  }
  RenderOptions o = options();
  o.from_address = "a@b.c\r\nBcc: eve@example.com";
  EXPECT_THROW(render_mime(sample(), o), MimeError);
}

TEST(Mime, MessageIdIsStablePerRowAndUsesTheSendersDomain) {
  EXPECT_EQ(make_message_id(3, 100, "x@mail.example"), make_message_id(3, 100, "x@mail.example"));
  EXPECT_NE(make_message_id(3, 100, "x@mail.example"), make_message_id(4, 100, "x@mail.example"));
  EXPECT_EQ(make_message_id(3, 100, "nobody"), "<authlens.3.100@localhost>");
}

TEST(Mime, DatesAreRfc5322InUtc) {
  EXPECT_EQ(format_date(std::chrono::system_clock::from_time_t(0)),
            "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(Mime, RendersAnOutboxRow) {
  store::QueuedMail mail;
  mail.recipient = "ada@example.com";
  mail.id = 9;
  mail.created_at = 5;
  const Message message{"ada@example.com", "Hi", "123456\n", "<p>123456</p>"};
  const std::string doc =
      render_mime(mail, message, "a@b.example", std::chrono::system_clock::from_time_t(0));
  EXPECT_NE(doc.find("Message-ID: <authlens.9.5@b.example>"), std::string::npos);
  EXPECT_NE(doc.find("\r\n123456\r\n"), std::string::npos);
}

}  // namespace
}  // namespace authlens::mail
