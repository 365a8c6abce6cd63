// The otpauth:// URI: the exact text an authenticator app parses.
#include "account/strategies/totp/key_uri.hpp"

#include <gtest/gtest.h>

#include "account/strategies/rfc6238_secret.hpp"

namespace authlens::account::totp {
namespace {

using testing::rfc6238_secret;

TEST(TotpKeyUri, NamesIssuerAndAddressWithAnAddressesCharactersEncoded) {
  EXPECT_EQ(key_uri(rfc6238_secret(), "authlens", "erin+totp@example.com"),
            "otpauth://totp/authlens:erin%2Btotp%40example.com"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=authlens"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(TotpKeyUri, EncodesEverythingButUnreservedCharactersAsUtf8Bytes) {
  const auto uri = key_uri(rfc6238_secret(), "Acme Z\xc3\xbcrich & Co/?#=%", "a.b_c-d~e@x.org");
  ASSERT_TRUE(uri);
  const std::string issuer = "Acme%20Z%C3%BCrich%20%26%20Co%2F%3F%23%3D%25";
  EXPECT_EQ(uri->rfind("otpauth://totp/" + issuer + ":a.b_c-d~e%40x.org?secret=", 0), 0u) << *uri;
  EXPECT_NE(uri->find("&issuer=" + issuer + "&algorithm=SHA1"), std::string::npos) << *uri;
  // A space is %20, never '+': in a path '+' is a plus, and apps differ on queries.
  EXPECT_EQ(uri->find('+'), std::string::npos);
}

TEST(TotpKeyUri, RefusesAColonOrAnEmptyNameInTheLabel) {
  const auto secret = rfc6238_secret();
  EXPECT_EQ(key_uri(secret, "auth:lens", "erin@example.com"), std::nullopt);
  EXPECT_EQ(key_uri(secret, "authlens", "erin:x@example.com"), std::nullopt);
  EXPECT_EQ(key_uri(secret, "", "erin@example.com"), std::nullopt);
  EXPECT_EQ(key_uri(secret, "authlens", ""), std::nullopt);
}

}  // namespace
}  // namespace authlens::account::totp
