#include "account/password_policy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace authlens::account {
namespace {

TEST(PasswordPolicy, LengthBoundsAreInclusive) {
  EXPECT_FALSE(acceptable_password(std::string(7, 'x')));
  EXPECT_TRUE(acceptable_password(std::string(8, 'x')));
  EXPECT_TRUE(acceptable_password(std::string(1024, 'x')));
  EXPECT_FALSE(acceptable_password(std::string(1025, 'x')));
}

TEST(PasswordPolicy, CountsCharactersNotBytes) {
  std::string eight_euros;
  for (int i = 0; i < 8; ++i) eight_euros += "\xE2\x82\xAC";  // U+20AC, 3 bytes each
  EXPECT_TRUE(acceptable_password(eight_euros));
  std::string four_snowmen;  // 12 bytes, but only 4 characters
  for (int i = 0; i < 4; ++i) four_snowmen += "\xE2\x98\x83";
  EXPECT_FALSE(acceptable_password(four_snowmen));
  std::string many_euros;
  for (int i = 0; i < 1024; ++i) many_euros += "\xE2\x82\xAC";
  EXPECT_TRUE(acceptable_password(many_euros));
  EXPECT_FALSE(acceptable_password(many_euros + "\xE2\x82\xAC"));
}

TEST(PasswordPolicy, RefusesMalformedUtf8) {
  EXPECT_EQ(utf8_length("\xC0\xAF"), -1);      // overlong '/'
  EXPECT_EQ(utf8_length("\xED\xA0\x80"), -1);  // surrogate
  EXPECT_EQ(utf8_length("abc\xE2\x82"), -1);   // truncated
  EXPECT_FALSE(acceptable_password("password\xFF"));
  EXPECT_EQ(utf8_length("h\xC3\xA9llo"), 5);
}

}  // namespace
}  // namespace authlens::account
