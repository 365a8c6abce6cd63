#include "mail/templates.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace authlens::mail {
namespace {

bool has_line(const std::string& text, const std::string& wanted) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line == wanted) return true;
  }
  return false;
}

TEST(Templates, VerificationPutsTheCodeOnItsOwnLine) {
  const auto mail = compose_verification("ada@example.com", "042917");
  EXPECT_EQ(mail.kind, "verify");
  EXPECT_EQ(mail.recipient, "ada@example.com");
  EXPECT_TRUE(has_line(mail.text_body, "042917")) << mail.text_body;
  EXPECT_NE(mail.html_body.find("042917"), std::string::npos);
  EXPECT_NE(mail.text_body.find("15 minutes"), std::string::npos);
  EXPECT_NE(mail.html_body.find("15 minutes"), std::string::npos);
  EXPECT_NE(mail.subject.find("verification code"), std::string::npos);
}

TEST(Templates, CodesStayOutOfSubjects) {
  EXPECT_EQ(compose_verification("a@b.c", "123456").subject.find("123456"), std::string::npos);
  EXPECT_EQ(compose_reset("a@b.c", "123456").subject.find("123456"), std::string::npos);
}

TEST(Templates, ResetStatesItsOwnExpiry) {
  const auto mail = compose_reset("ada@example.com", "555001", std::chrono::minutes{30});
  EXPECT_EQ(mail.kind, "reset");
  EXPECT_TRUE(has_line(mail.text_body, "555001"));
  EXPECT_NE(mail.text_body.find("30 minutes"), std::string::npos);
  EXPECT_NE(mail.subject.find("reset"), std::string::npos);
}

TEST(Templates, NoticeCarriesNoCodeAndPointsToLoginAndReset) {
  const auto mail = compose_account_exists_notice("ada@example.com");
  EXPECT_EQ(mail.kind, "notice");
  for (const std::string* body : {&mail.text_body, &mail.html_body}) {
    int digits_in_a_row = 0, longest = 0;
    for (char c : *body) {
      digits_in_a_row = (c >= '0' && c <= '9') ? digits_in_a_row + 1 : 0;
      longest = std::max(longest, digits_in_a_row);
    }
    EXPECT_LT(longest, 6) << *body;
    EXPECT_NE(body->find("log in"), std::string::npos);
    EXPECT_NE(body->find("reset your password"), std::string::npos);
  }
}

TEST(Templates, HtmlEscapesWhatItInterpolates) {
  const auto mail = compose_verification("a@b.c", "<b>&");
  EXPECT_NE(mail.html_body.find("&lt;b&gt;&amp;"), std::string::npos);
  EXPECT_EQ(mail.html_body.find("<b>&"), std::string::npos);
}

}  // namespace
}  // namespace authlens::mail
