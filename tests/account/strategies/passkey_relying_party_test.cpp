// Whole WebAuthn ceremonies from a software authenticator, through the relying party's checks:
// what is accepted, and each attack that must be refused.
#include "account/strategies/passkey/relying_party.hpp"

#include <gtest/gtest.h>

#include "account/strategies/passkey_software_authenticator.hpp"

namespace authlens::account::passkey {
namespace {

using testing::Bytes;
using testing::SoftwareAuthenticator;

const RelyingParty kRp{"id.example.com", {"https://id.example.com"}, true};
const Bytes kChallenge(32, 0x17);

class PasskeyCeremony : public ::testing::TestWithParam<CoseAlgorithm> {};

TEST_P(PasskeyCeremony, RegistersWithNoneOrPackedSelfAttestationThenSignsIn) {
  for (const char* fmt : {"none", "packed"}) {
    SoftwareAuthenticator authenticator(GetParam());
    const auto made = authenticator.create(kChallenge, fmt);
    const auto registration =
        verify_registration(kRp, kChallenge, made.client_data_json, made.attestation_object);
    ASSERT_TRUE(registration.credential) << fmt;
    EXPECT_EQ(registration.credential->id, authenticator.credential_id());
    EXPECT_EQ(registration.credential->algorithm, GetParam());
    const auto used = authenticator.get(kChallenge);
    const auto assertion =
        verify_assertion(kRp, kChallenge, used.client_data_json, used.authenticator_data,
                         used.signature, registration.credential->public_key_cose, 0);
    EXPECT_TRUE(assertion.ok) << fmt;
    EXPECT_TRUE(assertion.user_verified);
  }
}

INSTANTIATE_TEST_SUITE_P(Algorithms, PasskeyCeremony,
                         ::testing::Values(CoseAlgorithm::es256, CoseAlgorithm::eddsa,
                                           CoseAlgorithm::rs256));

TEST(PasskeyRegistration, RefusesAnotherChallengeOriginOrSite) {
  SoftwareAuthenticator authenticator(CoseAlgorithm::es256);
  auto made = authenticator.create(Bytes(32, 0x18));
  EXPECT_EQ(
      verify_registration(kRp, kChallenge, made.client_data_json, made.attestation_object).error,
      CeremonyError::client_data);
  authenticator.origin = "https://evil.example.net";
  made = authenticator.create(kChallenge);
  EXPECT_EQ(
      verify_registration(kRp, kChallenge, made.client_data_json, made.attestation_object).error,
      CeremonyError::client_data);
  SoftwareAuthenticator phished(CoseAlgorithm::es256, "evil.example.net");
  made = phished.create(kChallenge);
  EXPECT_EQ(
      verify_registration(kRp, kChallenge, made.client_data_json, made.attestation_object).error,
      CeremonyError::wrong_relying_party);
}

TEST(PasskeyRegistration, RefusesWithoutUserPresenceOrVerification) {
  SoftwareAuthenticator authenticator(CoseAlgorithm::es256);
  authenticator.flags = 0x01;
  auto made = authenticator.create(kChallenge);
  EXPECT_EQ(
      verify_registration(kRp, kChallenge, made.client_data_json, made.attestation_object).error,
      CeremonyError::user_not_verified);
  authenticator.flags = 0x04;
  made = authenticator.create(kChallenge);
  EXPECT_EQ(
      verify_registration(kRp, kChallenge, made.client_data_json, made.attestation_object).error,
      CeremonyError::user_not_present);
}

TEST(PasskeyRegistration, RefusesOtherAttestationFormatsAndForgedPackedSignatures) {
  SoftwareAuthenticator authenticator(CoseAlgorithm::es256);
  auto made = authenticator.create(kChallenge, "fido-u2f");
  EXPECT_EQ(
      verify_registration(kRp, kChallenge, made.client_data_json, made.attestation_object).error,
      CeremonyError::unsupported_attestation);
  made = authenticator.create(kChallenge, "packed");
  // The packed signature covers the client data: other client data (same challenge) breaks it.
  const auto other = authenticator.create(kChallenge, "none");
  auto swapped = made.client_data_json;
  swapped.insert(swapped.size() - 1, R"(,"x":1)");
  EXPECT_EQ(verify_registration(kRp, kChallenge, swapped, made.attestation_object).error,
            CeremonyError::bad_signature);
  EXPECT_TRUE(verify_registration(kRp, kChallenge, other.client_data_json, other.attestation_object)
                  .credential);
}

TEST(PasskeyRegistration, RefusesAnAssertionOfferedAsARegistration) {
  SoftwareAuthenticator authenticator(CoseAlgorithm::es256);
  const auto used = authenticator.get(kChallenge);
  EXPECT_FALSE(verify_registration(kRp, kChallenge, used.client_data_json, used.authenticator_data)
                   .credential);
  EXPECT_FALSE(verify_registration(kRp, kChallenge, used.client_data_json, Bytes{}).credential);
}

TEST(PasskeyAssertion, RefusesAnotherKeysSignatureAndTamperedData) {
  SoftwareAuthenticator owner(CoseAlgorithm::es256);
  SoftwareAuthenticator attacker(CoseAlgorithm::es256);
  const auto used = attacker.get(kChallenge);
  EXPECT_EQ(verify_assertion(kRp, kChallenge, used.client_data_json, used.authenticator_data,
                             used.signature, owner.public_key_cose(), 0)
                .error,
            CeremonyError::bad_signature);
  auto mine = owner.get(kChallenge);
  mine.authenticator_data[32] |= 0x10 | 0x08;  // claim "backed up" after signing
  EXPECT_EQ(verify_assertion(kRp, kChallenge, mine.client_data_json, mine.authenticator_data,
                             mine.signature, owner.public_key_cose(), 0)
                .error,
            CeremonyError::bad_signature);
}

TEST(PasskeyAssertion, RefusesAReplayedOrClonedCounter) {
  SoftwareAuthenticator authenticator(CoseAlgorithm::eddsa);
  authenticator.counter = 5;
  const auto used = authenticator.get(kChallenge);  // counter 6
  const auto first =
      verify_assertion(kRp, kChallenge, used.client_data_json, used.authenticator_data,
                       used.signature, authenticator.public_key_cose(), 5);
  ASSERT_TRUE(first.ok);
  EXPECT_EQ(first.sign_count, 6u);
  EXPECT_EQ(verify_assertion(kRp, kChallenge, used.client_data_json, used.authenticator_data,
                             used.signature, authenticator.public_key_cose(), first.sign_count)
                .error,
            CeremonyError::counter_went_back);
  // An authenticator without a counter (always 0) is fine while the stored one is 0 too.
  SoftwareAuthenticator synced(CoseAlgorithm::es256);
  for (int i = 0; i < 2; ++i) {
    const auto again = synced.get(kChallenge);
    EXPECT_TRUE(verify_assertion(kRp, kChallenge, again.client_data_json, again.authenticator_data,
                                 again.signature, synced.public_key_cose(), 0)
                    .ok);
  }
}

TEST(PasskeyAssertion, RefusesAWebauthnCreateClientData) {
  SoftwareAuthenticator authenticator(CoseAlgorithm::es256);
  const auto made = authenticator.create(kChallenge);
  const auto used = authenticator.get(kChallenge);
  EXPECT_EQ(verify_assertion(kRp, kChallenge, made.client_data_json, used.authenticator_data,
                             used.signature, authenticator.public_key_cose(), 0)
                .error,
            CeremonyError::client_data);
}

}  // namespace
}  // namespace authlens::account::passkey
