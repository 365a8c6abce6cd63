#include "account/secrets.hpp"

#include <gtest/gtest.h>

#include <set>

namespace authlens::account {
namespace {

TEST(Secrets, TokensAre43Base64UrlCharactersAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto token = new_access_token();
    ASSERT_EQ(token.size(), 43u);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    EXPECT_TRUE(seen.insert(token).second);
  }
}

TEST(Secrets, CodesAreSixDigitsAndSpread) {
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) {
    const auto code = new_code();
    ASSERT_EQ(code.size(), 6u);
    EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos);
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 480u);  // collisions among 500 draws of 10^6 are rare
}

TEST(Secrets, TokenDigestIsBlake2b256) {
  const auto digest = digest_token("abc");
  // BLAKE2b-256("abc") starts bddd813c (RFC 7693's function, 32-byte output).
  EXPECT_EQ(digest[0], 0xbd);
  EXPECT_EQ(digest[1], 0xdd);
  EXPECT_EQ(digest[2], 0x81);
  EXPECT_EQ(digest[3], 0x3c);
}

TEST(Secrets, CodeDigestDependsOnKeyAddressPurposeAndCode) {
  ports::Digest key{};
  key[0] = 1;
  ports::Digest other_key{};
  other_key[0] = 2;
  const auto ada = digest_address(key, "ada@example.com");
  const auto bob = digest_address(key, "bob@example.com");
  const auto base = digest_code(key, ada, ports::CodePurpose::kVerify, "123456");
  EXPECT_TRUE(digests_equal(base, digest_code(key, ada, ports::CodePurpose::kVerify, "123456")));
  EXPECT_FALSE(
      digests_equal(base, digest_code(other_key, ada, ports::CodePurpose::kVerify, "123456")));
  EXPECT_FALSE(digests_equal(base, digest_code(key, bob, ports::CodePurpose::kVerify, "123456")));
  EXPECT_FALSE(digests_equal(base, digest_code(key, ada, ports::CodePurpose::kReset, "123456")));
  EXPECT_FALSE(digests_equal(base, digest_code(key, ada, ports::CodePurpose::kVerify, "123457")));
}

TEST(Secrets, AddressDigestIsKeyedAndNamesOneAddress) {
  ports::Digest key{};
  ports::Digest other_key{};
  other_key[31] = 9;
  const auto ada = digest_address(key, "ada@example.com");
  EXPECT_TRUE(digests_equal(ada, digest_address(key, "ada@example.com")));
  EXPECT_FALSE(digests_equal(ada, digest_address(other_key, "ada@example.com")));
  EXPECT_FALSE(digests_equal(ada, digest_address(key, "ada@example.co")));
  EXPECT_EQ(hex_prefix(ada, 6).size(), 12u);
  EXPECT_EQ(hex_prefix(ada, 6), hex_prefix(ada, 6));
  EXPECT_EQ(hex_prefix(ada, 6).find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace authlens::account
