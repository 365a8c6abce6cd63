// Interim: the NIST SP 800-63B-4 policy brings its own tests.
#include "account/password_policy.hpp"

#include <gtest/gtest.h>

namespace authlens::account {
namespace {

TEST(PasswordPolicy, LengthIsCountedInCodePoints) {
  const PasswordPolicy policy({8, 1024});
  EXPECT_EQ(policy.check("seven77", "a@b.example"), PasswordProblem::kTooShort);
  EXPECT_EQ(policy.check("ééééééé", "a@b.example"), PasswordProblem::kTooShort);  // 14 bytes
  EXPECT_EQ(policy.check("éééééééé", "a@b.example"), PasswordProblem::kNone);
  EXPECT_FALSE(PasswordPolicy::normalize("\xff\xfe broken").has_value());
}

}  // namespace
}  // namespace authlens::account
