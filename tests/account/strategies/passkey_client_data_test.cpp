// clientDataJSON checks (WebAuthn L3 §7.1 steps 7-10): each way a browser's data is refused.
#include "account/strategies/passkey/client_data.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "account/strategies/passkey_software_authenticator.hpp"

namespace authlens::account::passkey {
namespace {

const std::vector<std::uint8_t> kChallenge(32, 0x42);
const std::vector<std::string> kOrigins = {"https://id.example.com"};

std::string b64url(const std::vector<std::uint8_t>& bytes) { return testing::base64url(bytes); }

std::string client_data(const std::string& type, const std::string& challenge,
                        const std::string& origin, const std::string& extra = "") {
  return R"({"type":")" + type + R"(","challenge":")" + challenge + R"(","origin":")" + origin +
         '"' + extra + "}";
}

ClientDataCheck check(const std::string& json, Ceremony ceremony = Ceremony::create) {
  return check_client_data(json, ceremony, kChallenge, kOrigins);
}

TEST(PasskeyClientData, AcceptsTheCeremonyWeStartedAndHashesItAsSent) {
  const auto json =
      client_data("webauthn.create", b64url(kChallenge), kOrigins[0], R"(,"crossOrigin":false)");
  const auto result = check(json);
  ASSERT_TRUE(result.ok);
  std::array<std::uint8_t, 32> expected{};
  crypto_hash_sha256(expected.data(), reinterpret_cast<const unsigned char*>(json.data()),
                     json.size());
  EXPECT_EQ(result.hash, expected);
  EXPECT_TRUE(
      check(client_data("webauthn.get", b64url(kChallenge), kOrigins[0]), Ceremony::get).ok);
}

TEST(PasskeyClientData, RefusesAnotherCeremonysData) {
  EXPECT_EQ(check(client_data("webauthn.get", b64url(kChallenge), kOrigins[0])).error,
            ClientDataError::wrong_type);
  EXPECT_EQ(check(client_data("payment.get", b64url(kChallenge), kOrigins[0])).error,
            ClientDataError::wrong_type);
}

TEST(PasskeyClientData, RefusesAnotherChallenge) {
  auto other = kChallenge;
  other[31] ^= 1;
  EXPECT_EQ(check(client_data("webauthn.create", b64url(other), kOrigins[0])).error,
            ClientDataError::wrong_challenge);
  other.pop_back();
  EXPECT_EQ(check(client_data("webauthn.create", b64url(other), kOrigins[0])).error,
            ClientDataError::wrong_challenge);
  EXPECT_EQ(check(client_data("webauthn.create", b64url(kChallenge) + "=", kOrigins[0])).error,
            ClientDataError::wrong_challenge);
  EXPECT_EQ(check(client_data("webauthn.create", "", kOrigins[0])).error,
            ClientDataError::wrong_challenge);
}

TEST(PasskeyClientData, RefusesAnotherOrigin) {
  for (const std::string origin :
       {"https://evil.example.com", "http://id.example.com", "https://id.example.com:444",
        "https://id.example.com.evil.net", "https://id.example.com/"}) {
    EXPECT_EQ(check(client_data("webauthn.create", b64url(kChallenge), origin)).error,
              ClientDataError::wrong_origin)
        << origin;
  }
}

TEST(PasskeyClientData, RefusesAFrameOfAnotherSite) {
  const auto challenge = b64url(kChallenge);
  EXPECT_EQ(
      check(client_data("webauthn.create", challenge, kOrigins[0], R"(,"crossOrigin":true)")).error,
      ClientDataError::cross_origin);
  EXPECT_EQ(check(client_data("webauthn.create", challenge, kOrigins[0],
                              R"(,"topOrigin":"https://evil.net")"))
                .error,
            ClientDataError::cross_origin);
}

TEST(PasskeyClientData, RefusesWhatIsNotClientData) {
  EXPECT_EQ(check("").error, ClientDataError::malformed);
  EXPECT_EQ(check("[]").error, ClientDataError::malformed);
  EXPECT_EQ(check(R"({"type":"webauthn.create"})").error, ClientDataError::malformed);
  EXPECT_EQ(check(R"({"type":1,"challenge":"x","origin":"y"})").error, ClientDataError::malformed);
  EXPECT_EQ(check(client_data("webauthn.create", b64url(kChallenge), kOrigins[0]) + "x").error,
            ClientDataError::malformed);
}

}  // namespace
}  // namespace authlens::account::passkey
