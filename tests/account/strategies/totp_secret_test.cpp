// TOTP secrets: where they come from, how they are written for an app, and that they do not linger.
#include "account/strategies/totp/secret.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "account/strategies/totp/base32.hpp"

namespace authlens::account::totp {
namespace {

std::string base32_of(std::string_view text) {
  return base32_unpadded({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

TEST(Base32, MatchesRfc4648VectorsWithoutPadding) {
  // RFC 4648 §10, with the '=' padding dropped.
  EXPECT_EQ(base32_of(""), "");
  EXPECT_EQ(base32_of("f"), "MY");
  EXPECT_EQ(base32_of("fo"), "MZXQ");
  EXPECT_EQ(base32_of("foo"), "MZXW6");
  EXPECT_EQ(base32_of("foob"), "MZXW6YQ");
  EXPECT_EQ(base32_of("fooba"), "MZXW6YTB");
  EXPECT_EQ(base32_of("foobar"), "MZXW6YTBOI");
}

TEST(TotpSecret, IsTwentyRandomBytesWrittenAsThirtyTwoBase32Characters) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto secret = Secret::generate();
    const auto text = secret.base32();
    ASSERT_EQ(text.size(), 32u);  // 160 bits / 5, a whole number: no padding was needed
    EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
    EXPECT_TRUE(seen.insert(text).second) << "a repeated secret";
  }
}

TEST(TotpSecret, ComesBackFromItsBytes) {
  const auto secret = Secret::generate();
  const auto again = Secret::from_bytes(secret.bytes());
  ASSERT_TRUE(again);
  EXPECT_TRUE(std::equal(secret.bytes().begin(), secret.bytes().end(), again->bytes().begin()));
  EXPECT_EQ(again->base32(), secret.base32());
}

TEST(TotpSecret, OnlyTwentyBytesMakeASecret) {
  const std::vector<std::uint8_t> bytes(21, 7);
  EXPECT_FALSE(Secret::from_bytes({bytes.data(), 19}));
  EXPECT_FALSE(Secret::from_bytes({bytes.data(), 21}));
  EXPECT_FALSE(Secret::from_bytes({}));
  EXPECT_TRUE(Secret::from_bytes({bytes.data(), 20}));
}

TEST(TotpSecret, AMovedFromSecretIsZeroes) {
  auto secret = Secret::generate();
  const std::string text = secret.base32();
  Secret moved = std::move(secret);
  EXPECT_EQ(moved.base32(), text);
  const auto zero = [](std::uint8_t b) { return b == 0; };
  // Reading a moved-from object is what this test is about.
  EXPECT_TRUE(std::all_of(secret.bytes().begin(), secret.bytes().end(), zero));  // NOLINT
  auto assigned = Secret::generate();
  assigned = std::move(moved);
  EXPECT_EQ(assigned.base32(), text);
  EXPECT_TRUE(std::all_of(moved.bytes().begin(), moved.bytes().end(), zero));  // NOLINT
}

}  // namespace
}  // namespace authlens::account::totp
