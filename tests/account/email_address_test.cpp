#include "account/email_address.hpp"

#include <gtest/gtest.h>

namespace authlens::account {
namespace {

TEST(NormalizeEmail, TrimsAndLowercasesTheWholeAddress) {
  // One identity per address: ERIN@ and erin@ are one mailbox, so one account.
  EXPECT_EQ(normalize_email("  Alice.Smith@Example.COM \n"), "alice.smith@example.com");
  EXPECT_EQ(normalize_email("ERIN@example.com"), normalize_email("erin@EXAMPLE.com"));
}

TEST(NormalizeEmail, RefusesEncodedWordsIpLiteralsAndDotlessDomains) {
  for (const char* bad :
       {"=?utf-8?q?erin=40example.com?=@example.com", "a=?x?=@example.com", "erin@10.0.0.1",
        "erin@[10.0.0.1]", "erin@localhost", "erin@127.0.0.1", "erin@[IPv6:::1]"})
    EXPECT_FALSE(normalize_email(bad).has_value()) << bad;
  EXPECT_TRUE(normalize_email("erin@10.0.0.example").has_value());
  EXPECT_TRUE(normalize_email("a=b@example.com").has_value());
}

TEST(NormalizeEmail, AcceptsCommonShapes) {
  for (const char* ok :
       {"a@b.co", "first.last+tag@sub.example.org", "x_y-z@a-b.example", "o'brien@example.ie"})
    EXPECT_TRUE(normalize_email(ok).has_value()) << ok;
}

TEST(NormalizeEmail, RefusesMalformedAddresses) {
  for (const char* bad : {"", "   ", "plainaddress", "@example.com", "a@", "a@b",
                          "a..b@example.com", ".a@example.com", "a.@example.com", "a@-example.com",
                          "a@example-.com", "a@exa_mple.com", "a b@example.com", "a@b@example.com",
                          "a@example..com", "\"quoted\"@example.com", "a@[127.0.0.1]"})
    EXPECT_FALSE(normalize_email(bad).has_value()) << bad;
}

TEST(NormalizeEmail, EnforcesLengthLimits) {
  EXPECT_TRUE(normalize_email(std::string(64, 'a') + "@example.com").has_value());
  EXPECT_FALSE(normalize_email(std::string(65, 'a') + "@example.com").has_value());
  EXPECT_FALSE(normalize_email("a@" + std::string(64, 'b') + ".com").has_value());
}

}  // namespace
}  // namespace authlens::account
