// WebAuthn authenticator data (L3 §6.1): what is read from it, and every way it is refused.
#include "account/strategies/passkey/authenticator_data.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace authlens::account::passkey {
namespace {

using Bytes = std::vector<std::uint8_t>;

// A COSE_Key (RFC 9053 §7.1.1) for ES256 on P-256, as an authenticator writes it:
// {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}.
Bytes es256_cose_key() {
  Bytes key = {0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20};
  key.insert(key.end(), 32, 0x11);
  key.insert(key.end(), {0x22, 0x58, 0x20});
  key.insert(key.end(), 32, 0x22);
  return key;
}

// The fixed part: rpIdHash (bytes 0xAA), flags, and a big-endian signature counter.
Bytes fixed_part(std::uint8_t flags, std::uint32_t counter) {
  Bytes out(32, 0xAA);
  out.push_back(flags);
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<std::uint8_t>(counter >> shift));
  return out;
}

Bytes with_credential(std::uint8_t flags, const Bytes& id, const Bytes& key) {
  Bytes out = fixed_part(flags | AuthenticatorData::kAttestedCredential, 7);
  out.insert(out.end(), 16, 0x5A);  // aaguid
  out.push_back(static_cast<std::uint8_t>(id.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(id.size() & 0xFF));
  out.insert(out.end(), id.begin(), id.end());
  out.insert(out.end(), key.begin(), key.end());
  return out;
}

TEST(PasskeyAuthenticatorData, ReadsTheFixedPartOfAnAssertion) {
  const auto parsed = parse_authenticator_data(
      fixed_part(AuthenticatorData::kUserPresent | AuthenticatorData::kUserVerified, 0x01020304));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->rp_id_hash[0], 0xAA);
  EXPECT_EQ(parsed->rp_id_hash[31], 0xAA);
  EXPECT_TRUE(parsed->user_present());
  EXPECT_TRUE(parsed->user_verified());
  EXPECT_FALSE(parsed->backup_eligible());
  EXPECT_EQ(parsed->sign_count, 0x01020304u);
  EXPECT_FALSE(parsed->attested);
}

TEST(PasskeyAuthenticatorData, ReadsTheAttestedCredentialOfARegistration) {
  const Bytes id = {1, 2, 3, 4, 5, 6, 7, 8};
  const auto parsed = parse_authenticator_data(
      with_credential(AuthenticatorData::kUserPresent, id, es256_cose_key()));
  ASSERT_TRUE(parsed);
  ASSERT_TRUE(parsed->attested);
  EXPECT_EQ(parsed->attested->aaguid[0], 0x5A);
  EXPECT_EQ(parsed->attested->credential_id, id);
  EXPECT_EQ(parsed->attested->public_key_cose, es256_cose_key());
  EXPECT_EQ(parsed->sign_count, 7u);
}

TEST(PasskeyAuthenticatorData, SkipsWellFormedExtensions) {
  Bytes bytes = fixed_part(AuthenticatorData::kUserPresent | AuthenticatorData::kExtensions, 0);
  bytes.insert(bytes.end(), {0xA1, 0x63, 'c', 'p', 'b', 0xF5});  // {"cpb": true}
  EXPECT_TRUE(parse_authenticator_data(bytes));
}

TEST(PasskeyAuthenticatorData, RefusesWhatIsTooShort) {
  Bytes bytes = fixed_part(AuthenticatorData::kUserPresent, 1);
  bytes.pop_back();
  EXPECT_FALSE(parse_authenticator_data(bytes));
  EXPECT_FALSE(parse_authenticator_data(Bytes{}));
}

TEST(PasskeyAuthenticatorData, RefusesFlagsThatPromiseMissingData) {
  EXPECT_FALSE(parse_authenticator_data(fixed_part(AuthenticatorData::kAttestedCredential, 0)));
  EXPECT_FALSE(parse_authenticator_data(fixed_part(AuthenticatorData::kExtensions, 0)));
}

TEST(PasskeyAuthenticatorData, RefusesBackedUpWithoutBackupEligible) {
  EXPECT_FALSE(parse_authenticator_data(fixed_part(AuthenticatorData::kBackedUp, 0)));
  EXPECT_TRUE(parse_authenticator_data(
      fixed_part(AuthenticatorData::kBackedUp | AuthenticatorData::kBackupEligible, 0)));
}

TEST(PasskeyAuthenticatorData, RefusesBadCredentialIdLengths) {
  EXPECT_FALSE(parse_authenticator_data(with_credential(0, Bytes{}, es256_cose_key())));
  EXPECT_FALSE(parse_authenticator_data(
      with_credential(0, Bytes(kMaxCredentialIdSize + 1, 9), es256_cose_key())));
  EXPECT_TRUE(parse_authenticator_data(
      with_credential(0, Bytes(kMaxCredentialIdSize, 9), es256_cose_key())));
  // A length pointing past the end.
  Bytes bytes = with_credential(0, Bytes{1, 2}, Bytes{});
  bytes[32 + 1 + 4 + 16 + 1] = 0x40;
  EXPECT_FALSE(parse_authenticator_data(bytes));
}

TEST(PasskeyAuthenticatorData, RefusesABrokenPublicKey) {
  Bytes key = es256_cose_key();
  key.resize(key.size() - 5);  // y cut short
  EXPECT_FALSE(parse_authenticator_data(with_credential(0, Bytes{1}, key)));
  EXPECT_FALSE(parse_authenticator_data(with_credential(0, Bytes{1}, Bytes{})));
}

TEST(PasskeyAuthenticatorData, RefusesTrailingBytes) {
  Bytes bytes = fixed_part(AuthenticatorData::kUserPresent, 0);
  bytes.push_back(0);
  EXPECT_FALSE(parse_authenticator_data(bytes));
  Bytes registration = with_credential(0, Bytes{1}, es256_cose_key());
  registration.push_back(0xF6);  // a CBOR null nobody announced
  EXPECT_FALSE(parse_authenticator_data(registration));
}

}  // namespace
}  // namespace authlens::account::passkey
