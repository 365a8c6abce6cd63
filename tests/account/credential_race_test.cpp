// A flow that verified a password or a code, then lost the race to a credential change that
// committed while it hashed, acts on nothing: it answers as if it had lost. Each test runs the
// other request inside the first one's hashing (RecordingObserver::after_hash), so the
// interleaving that BDD races find by chance happens every time.
#include <gmock/gmock.h>

#include "service_fixture.hpp"

namespace authlens::account::testing {
namespace {

constexpr const char* kOld = "amber tiger sails north";
constexpr const char* kNew = "violet lantern drifts home";
constexpr const char* kOther = "copper meadow hums softly";

class CredentialRaceTest : public AccountServiceTest {
 protected:
  // The owner's reset, from forgot to the new password.
  void owner_resets(const std::string& email, const std::string& password) {
    clock_.advance(settings_.mail_cooldown_s);
    ASSERT_TRUE(service_->forgot(email, "10.0.0.1").ok());
    const auto code = newest_code(email);
    ASSERT_TRUE(code);
    const auto reset = service_->reset(email, *code, password, "10.0.0.1");
    ASSERT_TRUE(reset.ok()) << reset.error().detail;
  }
  bool signs_in(const std::string& email, const std::string& password) {
    return service_->login(email, password, "10.0.0.9").ok();
  }
  bool token_works(const std::string& token) { return service_->me(token).ok(); }
};

TEST_F(CredentialRaceTest, AChangeThatVerifiedBeforeAResetLosesAndWritesNothing) {
  const auto token = sign_up("a@example.com", kOld);
  observer_.after_hash = [&] { owner_resets("a@example.com", kNew); };
  const auto change = service_->change_password(token, kOld, kOld, "10.0.0.66");
  ASSERT_FALSE(change.ok());
  EXPECT_EQ(change.error().code, ErrorCode::kUnauthorized);
  EXPECT_TRUE(signs_in("a@example.com", kNew));
  EXPECT_FALSE(signs_in("a@example.com", kOld));
  EXPECT_FALSE(token_works(token));
}

TEST_F(CredentialRaceTest, AChangeThatVerifiedBeforeASignUpRecoveryLoses) {
  const auto token = sign_up("b@example.com", kOld);
  observer_.after_hash = [&] {
    clock_.advance(settings_.mail_cooldown_s);
    ASSERT_TRUE(service_->register_account("b@example.com", kNew, "10.0.0.1").ok());
    ASSERT_TRUE(
        service_->confirm("b@example.com", *newest_code("b@example.com"), kNew, "10.0.0.1").ok());
  };
  EXPECT_FALSE(service_->change_password(token, kOld, kOther, "10.0.0.66").ok());
  EXPECT_TRUE(signs_in("b@example.com", kNew));
  EXPECT_FALSE(signs_in("b@example.com", kOther));
  EXPECT_FALSE(token_works(token));
}

TEST_F(CredentialRaceTest, ALoginThatVerifiedBeforeAResetGetsNoToken) {
  sign_up("c@example.com", kOld);
  observer_.after_hash = [&] { owner_resets("c@example.com", kNew); };
  const auto grant = service_->login("c@example.com", kOld, "10.0.0.66");
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_TRUE(signs_in("c@example.com", kNew));
}

TEST_F(CredentialRaceTest, ALoginsRehashDoesNotPutAnOldHashBack) {
  sign_up("d@example.com", kOld);
  // A stronger hasher makes the login rehash; the reset commits while it verifies.
  const PasswordHasher stronger({2, 16384});
  service_ = std::make_unique<AccountService>(
      AccountService::Dependencies{
          *store_, stronger, policy_, clock_, tracing_->tracer(), &observer_, {}},
      settings_);
  observer_.after_hash = [&] { owner_resets("d@example.com", kNew); };
  EXPECT_FALSE(service_->login("d@example.com", kOld, "10.0.0.66").ok());
  EXPECT_TRUE(signs_in("d@example.com", kNew));
  EXPECT_FALSE(signs_in("d@example.com", kOld));
}

TEST_F(CredentialRaceTest, ADeletionThatVerifiedBeforeAResetDeletesNothing) {
  const auto token = sign_up("e@example.com", kOld);
  observer_.after_hash = [&] { owner_resets("e@example.com", kNew); };
  EXPECT_FALSE(service_->delete_account(token, kOld, "10.0.0.66").ok());
  EXPECT_TRUE(signs_in("e@example.com", kNew));
}

TEST_F(CredentialRaceTest, OfTwoConfirmationsWithOneCodeOnlyOneSetsThePassword) {
  ASSERT_TRUE(service_->register_account("f@example.com", kOld, "10.0.0.1").ok());
  const auto code = *newest_code("f@example.com");
  observer_.hook_on = "hash";
  observer_.after_hash = [&] {
    EXPECT_TRUE(service_->confirm("f@example.com", code, kOld, "10.0.0.1").ok());
  };
  const auto second = service_->confirm("f@example.com", code, kOther, "10.0.0.66");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kInvalidCode);
  EXPECT_TRUE(signs_in("f@example.com", kOld));
  EXPECT_FALSE(signs_in("f@example.com", kOther));
}

TEST_F(CredentialRaceTest, AResetVoidsTheSignUpCodeAndAChangeVoidsTheResetCode) {
  const auto token = sign_up("g@example.com", kOld);
  clock_.advance(settings_.mail_cooldown_s);
  ASSERT_TRUE(service_->register_account("g@example.com", kOther, "10.0.0.66").ok());
  const auto signup_code = *newest_code("g@example.com");
  owner_resets("g@example.com", kNew);
  const auto stale = service_->confirm("g@example.com", signup_code, kOther, "10.0.0.66");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kInvalidCode);

  const auto fresh = login("g@example.com", kNew);
  clock_.advance(settings_.mail_cooldown_s);
  ASSERT_TRUE(service_->forgot("g@example.com", "10.0.0.66").ok());
  const auto reset_code = *newest_code("g@example.com");
  ASSERT_TRUE(service_->change_password(fresh, kNew, kOld, "10.0.0.1").ok());
  const auto voided = service_->reset("g@example.com", reset_code, kOther, "10.0.0.66");
  ASSERT_FALSE(voided.ok());
  EXPECT_EQ(voided.error().code, ErrorCode::kInvalidCode);
  EXPECT_TRUE(signs_in("g@example.com", kOld));
  (void)token;
}

TEST_F(CredentialRaceTest, AfterAChangeTheNextWaitsForACodesLifetimeSoACodeAskedForThenWorks) {
  const auto token = sign_up("h@example.com", kOld);
  ASSERT_TRUE(service_->change_password(token, kOld, kNew, "10.0.0.66").ok());
  clock_.advance(settings_.mail_cooldown_s);
  ASSERT_TRUE(service_->forgot("h@example.com", "10.0.0.1").ok());
  const auto code = *newest_code("h@example.com");
  const auto again = service_->change_password(token, kNew, kOther, "10.0.0.66");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kTooManyAttempts);
  EXPECT_GT(again.error().retry_after_seconds, 0);
  ASSERT_TRUE(service_->reset("h@example.com", code, kOther, "10.0.0.1").ok());
  clock_.advance(settings_.code_ttl_s);
  const auto later = login("h@example.com", kOther);
  EXPECT_TRUE(service_->change_password(later, kOther, kOld, "10.0.0.1").ok());
}

TEST_F(CredentialRaceTest, EveryCredentialChangeMailsTheOwnerANoticeNamingTheClient) {
  const auto token = sign_up("i@example.com", kOld);
  ASSERT_TRUE(service_->change_password(token, kOld, kNew, "10.0.0.77").ok());
  EXPECT_EQ(newest_mail("i@example.com")->kind, mail::kind::kPasswordChanged);
  owner_resets("i@example.com", kOther);
  EXPECT_EQ(newest_mail("i@example.com")->kind, mail::kind::kPasswordReset);
  clock_.advance(settings_.mail_cooldown_s);
  ASSERT_TRUE(service_->register_account("i@example.com", kOld, "10.0.0.1").ok());
  ASSERT_TRUE(
      service_->confirm("i@example.com", *newest_code("i@example.com"), kOld, "10.0.0.1").ok());
  EXPECT_EQ(newest_mail("i@example.com")->kind, mail::kind::kPasswordSetBySignUp);
}

}  // namespace
}  // namespace authlens::account::testing
