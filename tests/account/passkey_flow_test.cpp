// Passkeys through the service against a real SQLite store, with a software authenticator: add,
// list, sign in with no address, remove; and what an attacker tries (a replayed or foreign
// ceremony, another account's credential id, a cloned authenticator, guessing from one client).
#include <gtest/gtest.h>

#include "account/strategies/passkey/base64url.hpp"
#include "service_fixture.hpp"
#include "strategies/passkey_software_authenticator.hpp"

namespace authlens::account::testing {
namespace {

using passkey::CoseAlgorithm;
using passkey::testing::SoftwareAuthenticator;

constexpr const char* kPassword = "correct horse battery staple 42";

class PasskeyFlowTest : public AccountServiceTest {
 protected:
  void SetUp() override {
    AccountServiceTest::SetUp();
    settings_.webauthn_rp_id = "id.example.com";
    settings_.webauthn_origins = {"https://id.example.com"};
    make_service();
    token_ = sign_up("ada@example.com", kPassword);
  }

  PasskeyFlow& passkeys() { return service_->passkeys(); }

  PasskeyRegistrationResponse registration(SoftwareAuthenticator& device,
                                           const PasskeyCreationOptions& options) {
    const auto ceremony = device.create(options.challenge);
    return {device.credential_id(), ceremony.client_data_json, ceremony.attestation_object};
  }
  PasskeyAssertionResponse assertion(SoftwareAuthenticator& device,
                                     const PasskeyRequestOptions& options,
                                     PasskeyBytes user_handle = {}) {
    const auto ceremony = device.get(options.challenge);
    return {device.credential_id(), ceremony.client_data_json, ceremony.authenticator_data,
            ceremony.signature, std::move(user_handle)};
  }

  // Adds `device` to the account behind `token`.
  Result<PasskeyInfo> add(SoftwareAuthenticator& device, const std::string& token,
                          std::string_view name = "") {
    auto options = passkeys().begin_registration(token, kPassword, "", "10.0.0.1");
    EXPECT_TRUE(options.ok());
    if (!options.ok()) return options.error();
    return passkeys().finish_registration(token, options.value().flow,
                                          registration(device, options.value()), name, "10.0.0.1");
  }
  Result<LoginGrant> sign_in(SoftwareAuthenticator& device,
                             const std::string& client = "10.0.0.9") {
    auto options = passkeys().begin_login(client);
    EXPECT_TRUE(options.ok());
    if (!options.ok()) return options.error();
    return passkeys().finish_login(options.value().flow, assertion(device, options.value()),
                                   client);
  }

  std::string token_;
};

TEST_F(PasskeyFlowTest, AddedPasskeySignsInWithoutAnAddressAtAal2) {
  SoftwareAuthenticator device(CoseAlgorithm::es256, "id.example.com");
  auto options = passkeys().begin_registration(token_, kPassword, "", "10.0.0.1");
  ASSERT_TRUE(options.ok());
  EXPECT_GE(options.value().challenge.size(), 16u);
  EXPECT_EQ(options.value().user_handle, passkeys().user_handle(1));
  EXPECT_EQ(options.value().user_name, "ada@example.com");
  EXPECT_TRUE(options.value().exclude.empty());
  auto added = passkeys().finish_registration(
      token_, options.value().flow, registration(device, options.value()), "laptop", "10.0.0.1");
  ASSERT_TRUE(added.ok()) << added.error().detail;
  EXPECT_EQ(added.value().name, "laptop");
  EXPECT_EQ(added.value().id, passkey::to_base64url(device.credential_id()));
  EXPECT_EQ(newest_mail("ada@example.com")->kind, mail::kind::kPasskeyAdded);

  auto grant = sign_in(device);
  ASSERT_TRUE(grant.ok()) << grant.error().detail;
  auto sessions = service_->sessions().list(grant.value().access_token);
  ASSERT_TRUE(sessions.ok());
  for (const auto& s : sessions.value()) {
    if (!s.current) continue;
    EXPECT_EQ(s.methods, std::vector<std::string>{"passkey"});
    EXPECT_EQ(s.aal, "aal2");
  }
  auto listed = passkeys().list(token_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value().size(), 1u);
  EXPECT_EQ(listed.value()[0].last_used_at, clock_.now());
  // The next registration excludes the passkey the account has.
  auto next = passkeys().begin_registration(token_, kPassword, "", "10.0.0.1");
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next.value().exclude.size(), 1u);
  EXPECT_EQ(next.value().exclude[0], device.credential_id());
}

TEST_F(PasskeyFlowTest, AddingOneEndsEveryOtherSession) {
  const auto other = login("ada@example.com", kPassword);
  SoftwareAuthenticator device(CoseAlgorithm::es256, "id.example.com");
  ASSERT_TRUE(add(device, token_).ok());
  EXPECT_TRUE(service_->me(token_).ok());
  EXPECT_FALSE(service_->me(other).ok());
}

TEST_F(PasskeyFlowTest, RegistrationNeedsThePassword) {
  auto options = passkeys().begin_registration(token_, "wrong password here", "", "10.0.0.1");
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.error().code, ErrorCode::kUnauthorized);
}

TEST_F(PasskeyFlowTest, ACeremonyIsSingleUseAndBelongsToItsAccount) {
  SoftwareAuthenticator device(CoseAlgorithm::es256, "id.example.com");
  auto options = passkeys().begin_registration(token_, kPassword, "", "10.0.0.1");
  ASSERT_TRUE(options.ok());
  const auto response = registration(device, options.value());
  // Another account cannot finish Ada's ceremony.
  const auto eve = sign_up("eve@example.com", kPassword);
  auto stolen = passkeys().finish_registration(eve, options.value().flow, response, "", "10.0.0.2");
  ASSERT_FALSE(stolen.ok());
  EXPECT_EQ(stolen.error().code, ErrorCode::kInvalidCredential);
  ASSERT_TRUE(
      passkeys().finish_registration(token_, options.value().flow, response, "", "10.0.0.1").ok());
  auto again =
      passkeys().finish_registration(token_, options.value().flow, response, "", "10.0.0.1");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidCredential);
}

TEST_F(PasskeyFlowTest, ACredentialIdAlreadyRegisteredIsRefusedForAnyone) {
  SoftwareAuthenticator device(CoseAlgorithm::es256, "id.example.com");
  ASSERT_TRUE(add(device, token_).ok());
  // Eve claims Ada's credential id with a key of her own (attestation "none" proves nothing).
  const auto eve = sign_up("eve@example.com", kPassword);
  SoftwareAuthenticator forged(CoseAlgorithm::es256, "id.example.com");
  auto options = passkeys().begin_registration(eve, kPassword, "", "10.0.0.2");
  ASSERT_TRUE(options.ok());
  auto mismatched = registration(forged, options.value());
  // rawId naming Ada's credential while the authenticator data names another: refused.
  mismatched.credential_id = device.credential_id();
  auto result =
      passkeys().finish_registration(eve, options.value().flow, mismatched, "", "10.0.0.2");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidCredential);
  // Both naming Ada's credential id (WebAuthn L3 §7.1 step 26): refused, and Ada's stays hers.
  forged.claim_credential_id(device.credential_id());
  auto again = passkeys().begin_registration(eve, kPassword, "", "10.0.0.2");
  ASSERT_TRUE(again.ok());
  auto claimed = passkeys().finish_registration(
      eve, again.value().flow, registration(forged, again.value()), "", "10.0.0.2");
  ASSERT_FALSE(claimed.ok());
  EXPECT_EQ(claimed.error().code, ErrorCode::kInvalidCredential);
  EXPECT_TRUE(passkeys().list(eve).value().empty());
  EXPECT_TRUE(sign_in(device).ok());
}

TEST_F(PasskeyFlowTest, AnAssertionIsNotReplayedAndAnotherSitesIsRefused) {
  SoftwareAuthenticator device(CoseAlgorithm::es256, "id.example.com");
  ASSERT_TRUE(add(device, token_).ok());
  auto options = passkeys().begin_login("10.0.0.9");
  ASSERT_TRUE(options.ok());
  const auto response = assertion(device, options.value());
  ASSERT_TRUE(passkeys().finish_login(options.value().flow, response, "10.0.0.9").ok());
  auto replay = passkeys().finish_login(options.value().flow, response, "10.0.0.9");
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code, ErrorCode::kInvalidCredential);

  device.origin = "https://id.example.com.evil.test";  // a phishing page's origin
  auto phished = sign_in(device);
  ASSERT_FALSE(phished.ok());
  EXPECT_EQ(phished.error().code, ErrorCode::kInvalidCredential);
}

TEST_F(PasskeyFlowTest, UnknownCredentialAndWrongUserHandleAnswerAlike) {
  SoftwareAuthenticator device(CoseAlgorithm::es256, "id.example.com");
  ASSERT_TRUE(add(device, token_).ok());
  SoftwareAuthenticator stranger(CoseAlgorithm::es256, "id.example.com");
  auto unknown = sign_in(stranger);
  ASSERT_FALSE(unknown.ok());
  auto options = passkeys().begin_login("10.0.0.9");
  ASSERT_TRUE(options.ok());
  auto wrong_handle = passkeys().finish_login(
      options.value().flow, assertion(device, options.value(), passkeys().user_handle(2)),
      "10.0.0.9");
  ASSERT_FALSE(wrong_handle.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidCredential);
  EXPECT_EQ(wrong_handle.error().code, ErrorCode::kInvalidCredential);
  EXPECT_EQ(unknown.error().detail, wrong_handle.error().detail);
}

TEST_F(PasskeyFlowTest, ACounterThatGoesBackIsAClone) {
  SoftwareAuthenticator device(CoseAlgorithm::es256, "id.example.com");
  device.counter = 5;
  ASSERT_TRUE(add(device, token_).ok());
  ASSERT_TRUE(sign_in(device).ok());  // counter 6
  device.counter = 2;                 // a copy of the key that has signed less
  auto cloned = sign_in(device);
  ASSERT_FALSE(cloned.ok());
  EXPECT_EQ(cloned.error().code, ErrorCode::kInvalidCredential);
  bool flagged = false;
  for (const auto& e : observer_.security) flagged |= e.rfind("passkey_clone_suspected:", 0) == 0;
  EXPECT_TRUE(flagged);
}

TEST_F(PasskeyFlowTest, FailedSignInsLockTheClientOut) {
  SoftwareAuthenticator stranger(CoseAlgorithm::es256, "id.example.com");
  for (int i = 0; i < settings_.max_login_failures_per_client; ++i) {
    auto result = sign_in(stranger, "10.0.0.66");
    ASSERT_FALSE(result.ok());
    ASSERT_EQ(result.error().code, ErrorCode::kInvalidCredential) << i;
  }
  auto locked = passkeys().begin_login("10.0.0.66");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::kTooManyAttempts);
  EXPECT_GT(locked.error().retry_after_seconds, 0);
  EXPECT_TRUE(passkeys().begin_login("10.0.0.67").ok()) << "another client is not affected";
}

TEST_F(PasskeyFlowTest, RemovingOneNeedsThePasswordAndEndsItsSignIns) {
  SoftwareAuthenticator device(CoseAlgorithm::es256, "id.example.com");
  auto added = add(device, token_);
  ASSERT_TRUE(added.ok());
  const auto id = added.value().id;
  auto wrong = passkeys().remove(token_, id, "wrong password here", "", "10.0.0.1");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthorized);
  auto missing = passkeys().remove(token_, "AAAA", kPassword, "", "10.0.0.1");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(passkeys().remove(token_, id, kPassword, "", "10.0.0.1").ok());
  EXPECT_EQ(newest_mail("ada@example.com")->kind, mail::kind::kPasskeyRemoved);
  EXPECT_TRUE(passkeys().list(token_).value().empty());
  EXPECT_FALSE(sign_in(device).ok());
}

TEST_F(PasskeyFlowTest, ABadNameIsRefusedAndChangesNothing) {
  SoftwareAuthenticator device(CoseAlgorithm::es256, "id.example.com");
  auto result = add(device, token_, std::string(65, 'x'));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidCredential);
  EXPECT_TRUE(passkeys().list(token_).value().empty());
}

}  // namespace
}  // namespace authlens::account::testing
