#include "mail/templates.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace authlens::mail {
namespace {

using std::chrono::seconds;

bool has_line(const std::string& text, const std::string& wanted) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line == wanted) return true;
  }
  return false;
}

int longest_digit_run(const std::string& body) {
  int run = 0, longest = 0;
  for (char c : body) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

TEST(Templates, VerificationPutsTheCodeOnItsOwnLineWithItsLifetime) {
  const auto mail = render(kind::kVerify, "ada@example.com", "042917", seconds(600));
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->recipient, "ada@example.com");
  EXPECT_TRUE(has_line(mail->text_body, "042917")) << mail->text_body;
  EXPECT_NE(mail->html_body.find("042917"), std::string::npos);
  EXPECT_NE(mail->text_body.find("expires in 10 minutes"), std::string::npos);
  EXPECT_NE(mail->html_body.find("expires in 10 minutes"), std::string::npos);
  EXPECT_NE(mail->subject.find("verification code"), std::string::npos);
}

TEST(Templates, CodesStayOutOfSubjects) {
  for (auto k : {kind::kVerify, kind::kVerifyExisting, kind::kReset}) {
    const auto mail = render(k, "a@b.example", "123456", seconds(60));
    ASSERT_TRUE(mail);
    EXPECT_EQ(mail->subject.find("123456"), std::string::npos) << k;
    EXPECT_TRUE(has_line(mail->text_body, "123456")) << k;
  }
}

TEST(Templates, AnExistingAccountIsToldWhatTheCodeWouldDo) {
  const auto mail = render(kind::kVerifyExisting, "ada@example.com", "555001", seconds(600));
  ASSERT_TRUE(mail);
  EXPECT_NE(mail->text_body.find("already has an account"), std::string::npos);
  EXPECT_NE(mail->text_body.find("nothing changes unless the code is used"), std::string::npos);
}

TEST(Templates, ResetForAnAddressWithoutAccountCarriesNoCode) {
  const auto mail = render(kind::kResetUnknown, "ada@example.com", "555001", seconds(600));
  ASSERT_TRUE(mail);
  EXPECT_FALSE(carries_code(kind::kResetUnknown));
  EXPECT_LT(longest_digit_run(mail->text_body), 6) << mail->text_body;
  EXPECT_LT(longest_digit_run(mail->html_body), 6);
  EXPECT_NE(mail->text_body.find("no authlens account"), std::string::npos);
}

TEST(Templates, ANoticeSaysWhatWhenAndFromWhereWithNoCodeAndNoLink) {
  const NoticeFacts facts{1'764'750'900, "203.0.113.9"};  // 2025-12-03 08:35 UTC
  for (auto k : {kind::kPasswordChanged, kind::kPasswordReset, kind::kPasswordSetBySignUp}) {
    const auto mail = render(k, "ada@example.com", "555001", seconds(600), facts);
    ASSERT_TRUE(mail) << k;
    EXPECT_FALSE(carries_code(k));
    for (const auto* body : {&mail->text_body, &mail->html_body}) {
      EXPECT_NE(body->find("on 2025-12-03 08:35 UTC from the address 203.0.113.9"),
                std::string::npos)
          << *body;
      EXPECT_NE(body->find("If this was not you"), std::string::npos);
      EXPECT_LT(longest_digit_run(*body), 6) << "no code";
      EXPECT_EQ(body->find("http"), std::string::npos) << "no link";
    }
    EXPECT_EQ(mail->subject.find("{facts}"), std::string::npos);
  }
}

TEST(Templates, UnknownKindIsNotRendered) {
  EXPECT_FALSE(render("notice", "a@b.example", "123456", seconds(60)).has_value());
}

TEST(Templates, LifetimeIsWordedAsItIs) {
  // A 10-second code was once mailed as "expires in 1 minute".
  EXPECT_EQ(lifetime_text(seconds(10)), "10 seconds");
  EXPECT_EQ(lifetime_text(seconds(1)), "1 second");
  EXPECT_EQ(lifetime_text(seconds(0)), "1 second");
  EXPECT_EQ(lifetime_text(seconds(60)), "1 minute");
  EXPECT_EQ(lifetime_text(seconds(90)), "1 minute 30 seconds");
  EXPECT_EQ(lifetime_text(seconds(600)), "10 minutes");
  EXPECT_EQ(lifetime_text(seconds(659)), "10 minutes");  // never more than is left
  EXPECT_EQ(lifetime_text(seconds(3600)), "1 hour");
  EXPECT_EQ(lifetime_text(seconds(7200)), "2 hours");
}

TEST(Templates, HtmlEscapesWhatItInterpolates) {
  const auto mail = render(kind::kVerify, "a@b.example", "<b>&", seconds(60));
  ASSERT_TRUE(mail);
  EXPECT_NE(mail->html_body.find("&lt;b&gt;&amp;"), std::string::npos);
  EXPECT_EQ(mail->html_body.find("<b>&"), std::string::npos);
}

}  // namespace
}  // namespace authlens::mail
