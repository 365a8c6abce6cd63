// Passkey public keys: COSE_Keys of the three algorithms read and their signatures checked, and
// every key or signature that must not pass.
#include "account/strategies/passkey/public_key.hpp"

#include <gtest/gtest.h>

#include "account/strategies/passkey_software_key.hpp"

namespace authlens::account::passkey {
namespace {

using testing::Bytes;
using testing::SoftwareKey;

class PasskeyPublicKey : public ::testing::TestWithParam<CoseAlgorithm> {};

TEST_P(PasskeyPublicKey, VerifiesWhatItsAuthenticatorSigned) {
  const SoftwareKey authenticator(GetParam());
  const auto key = PublicKey::from_cose(authenticator.cose());
  ASSERT_TRUE(key);
  EXPECT_EQ(key->algorithm(), GetParam());
  const Bytes message = {'a', 'u', 't', 'h', 'D', 'a', 't', 'a', 0, 1, 2};
  EXPECT_TRUE(key->verify(message, authenticator.sign(message)));
}

TEST_P(PasskeyPublicKey, RefusesAChangedMessageOrSignatureOrAnotherKey) {
  const SoftwareKey authenticator(GetParam());
  const SoftwareKey other(GetParam());
  const auto key = PublicKey::from_cose(authenticator.cose());
  ASSERT_TRUE(key);
  const Bytes message = {1, 2, 3, 4};
  auto signature = authenticator.sign(message);
  EXPECT_FALSE(key->verify(Bytes{1, 2, 3, 5}, signature));
  EXPECT_FALSE(key->verify(message, other.sign(message)));
  EXPECT_FALSE(key->verify(message, Bytes{}));
  signature[signature.size() / 2] ^= 0x01;
  EXPECT_FALSE(key->verify(message, signature));
}

TEST_P(PasskeyPublicKey, RefusesATruncatedOrPaddedKey) {
  const SoftwareKey authenticator(GetParam());
  auto cose = authenticator.cose();
  cose.push_back(0x00);
  EXPECT_FALSE(PublicKey::from_cose(cose));
  cose.resize(cose.size() - 2);
  EXPECT_FALSE(PublicKey::from_cose(cose));
}

INSTANTIATE_TEST_SUITE_P(Algorithms, PasskeyPublicKey,
                         ::testing::Values(CoseAlgorithm::es256, CoseAlgorithm::eddsa,
                                           CoseAlgorithm::rs256));

TEST(PasskeyPublicKeyShape, RefusesAnAlgorithmThatDisagreesWithTheKeyType) {
  // An EC2 key claiming EdDSA.
  Bytes cose;
  testing::cbor_head(cose, 5, 5);
  testing::cbor_int(cose, 1), testing::cbor_int(cose, 2), testing::cbor_int(cose, 3),
      testing::cbor_int(cose, -8);
  testing::cbor_int(cose, -1), testing::cbor_int(cose, 1);
  testing::cbor_int(cose, -2), testing::cbor_bytes(cose, Bytes(32, 1));
  testing::cbor_int(cose, -3), testing::cbor_bytes(cose, Bytes(32, 2));
  EXPECT_FALSE(PublicKey::from_cose(cose));
}

TEST(PasskeyPublicKeyShape, RefusesAPointOffTheCurve) {
  Bytes cose;
  testing::cbor_head(cose, 5, 5);
  testing::cbor_int(cose, 1), testing::cbor_int(cose, 2), testing::cbor_int(cose, 3),
      testing::cbor_int(cose, -7);
  testing::cbor_int(cose, -1), testing::cbor_int(cose, 1);
  testing::cbor_int(cose, -2), testing::cbor_bytes(cose, Bytes(32, 1));
  testing::cbor_int(cose, -3), testing::cbor_bytes(cose, Bytes(32, 2));
  EXPECT_FALSE(PublicKey::from_cose(cose));
}

TEST(PasskeyPublicKeyShape, RefusesAShortRsaModulus) {
  Bytes modulus(128, 0xFF);  // 1024 bits
  Bytes cose;
  testing::cbor_head(cose, 5, 4);
  testing::cbor_int(cose, 1), testing::cbor_int(cose, 3), testing::cbor_int(cose, 3),
      testing::cbor_int(cose, -257);
  testing::cbor_int(cose, -1), testing::cbor_bytes(cose, modulus);
  testing::cbor_int(cose, -2), testing::cbor_bytes(cose, Bytes{1, 0, 1});
  EXPECT_FALSE(PublicKey::from_cose(cose));
}

TEST(PasskeyPublicKeyShape, RefusesWhatIsNotAMap) {
  EXPECT_FALSE(PublicKey::from_cose(Bytes{}));
  EXPECT_FALSE(PublicKey::from_cose(Bytes{0x80}));        // []
  EXPECT_FALSE(PublicKey::from_cose(Bytes{0xA1, 0x01}));  // a map cut short
}

}  // namespace
}  // namespace authlens::account::passkey
