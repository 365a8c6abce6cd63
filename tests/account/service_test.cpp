// The account flows, as a user meets them.
#include "account/service.hpp"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>

#include "service_fixture.hpp"

namespace authlens::account::testing {
namespace {

using ::testing::Contains;

constexpr const char* kAdaPassword = "amber tiger sails north";
constexpr const char* kNewPassword = "violet lantern drifts home";

TEST_F(AccountServiceTest, SignUpConfirmsTheAddressSetsThePasswordAndSignsIn) {
  ASSERT_TRUE(service_->register_account(" Ann@Example.COM ", kAdaPassword, "10.0.0.1").ok());
  EXPECT_EQ(wakeups_, 1);
  const auto mail = newest_mail("ann@example.com");
  ASSERT_TRUE(mail && mail->code);
  EXPECT_EQ(mail->kind, "verify");
  // Nothing to log in to before the confirmation.
  EXPECT_EQ(service_->login("ann@example.com", kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidCredentials);
  auto grant = service_->confirm("ANN@example.com", *mail->code, kAdaPassword, "10.0.0.1");
  ASSERT_TRUE(grant.ok()) << grant.error().detail;
  const auto* signed_in = std::get_if<LoginGrant>(&grant.value());
  ASSERT_NE(signed_in, nullptr);
  EXPECT_EQ(signed_in->expires_in, settings_.token_ttl_s);
  auto me = service_->me(signed_in->access_token);
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me.value().email, "ann@example.com");
  EXPECT_FALSE(me.value().totp_enabled);
  EXPECT_EQ(me.value().created_at, clock_.now());
  const auto token = login("ann@example.com", kAdaPassword);
  ASSERT_TRUE(service_->logout(token).ok());
  EXPECT_EQ(service_->me(token).error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(service_->logout(token).error().code, ErrorCode::kUnauthorized);
  EXPECT_THAT(observer_.events, Contains("confirm:ok"));
  EXPECT_THAT(observer_.events, Contains("me:ok"));
  EXPECT_THAT(observer_.events, Contains("me:unauthorized"));
  EXPECT_THAT(observer_.events, Contains("login:ok"));
}

TEST_F(AccountServiceTest, ThePasswordGivenAtConfirmationIsTheOneThatCounts) {
  ASSERT_TRUE(service_->register_account("ann@example.com", kAdaPassword, "10.0.0.1").ok());
  const auto code = newest_code("ann@example.com");
  ASSERT_TRUE(service_->confirm("ann@example.com", *code, kNewPassword, "10.0.0.1").ok());
  EXPECT_EQ(service_->login("ann@example.com", kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidCredentials);
  login("ann@example.com", kNewPassword);
}

TEST_F(AccountServiceTest, CodeIsSingleUseAndExpires) {
  ASSERT_TRUE(service_->register_account("a@example.com", kAdaPassword, "10.0.0.1").ok());
  const auto code = newest_code("a@example.com");
  clock_.advance(settings_.code_ttl_s);
  EXPECT_EQ(service_->confirm("a@example.com", *code, kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidCode);
  ASSERT_TRUE(service_->resend("a@example.com", "10.0.0.1").ok());
  const auto fresh = newest_code("a@example.com");
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(service_->confirm("a@example.com", *fresh, kAdaPassword, "10.0.0.1").ok());
  EXPECT_EQ(service_->confirm("a@example.com", *fresh, kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidCode);
}

TEST_F(AccountServiceTest, AWeakPasswordAtConfirmationKeepsTheCode) {
  ASSERT_TRUE(service_->register_account("a@example.com", kAdaPassword, "10.0.0.1").ok());
  const auto code = newest_code("a@example.com");
  EXPECT_EQ(service_->confirm("a@example.com", *code, "short", "10.0.0.1").error().code,
            ErrorCode::kWeakPassword);
  EXPECT_TRUE(service_->confirm("a@example.com", *code, kAdaPassword, "10.0.0.1").ok());
}

TEST_F(AccountServiceTest, SigningUpAgainWithAnExistingAddressMailsACodeThatSetsANewPassword) {
  const auto old_session = sign_up("c@example.com", kAdaPassword);
  clock_.advance(61);
  ASSERT_TRUE(service_->register_account("c@example.com", kNewPassword, "10.0.0.2").ok());
  const auto mail = newest_mail("c@example.com");
  ASSERT_TRUE(mail && mail->code);
  EXPECT_EQ(mail->kind, "verify_existing");
  // Registering changed nothing.
  login("c@example.com", kAdaPassword);
  // The owner, with the code, chooses the password; every older session ends.
  ASSERT_TRUE(service_->confirm("c@example.com", *mail->code, kNewPassword, "10.0.0.2").ok());
  EXPECT_FALSE(service_->me(old_session).ok());
  login("c@example.com", kNewPassword);
}

TEST_F(AccountServiceTest, ResendWithinTheCooldownIsRefusedAndRegisterQuietlySendsNothing) {
  ASSERT_TRUE(service_->register_account("d@example.com", kAdaPassword, "10.0.0.1").ok());
  EXPECT_EQ(mails_to("d@example.com"), 1u);
  const auto refused = service_->resend("d@example.com", "10.0.0.1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(refused.error().retry_after_seconds, 60);
  clock_.advance(20);
  EXPECT_EQ(service_->resend("d@example.com", "10.0.0.1").error().retry_after_seconds, 40);
  EXPECT_TRUE(service_->register_account("d@example.com", kAdaPassword, "10.0.0.1").ok());
  EXPECT_EQ(mails_to("d@example.com"), 1u);
  clock_.advance(40);
  EXPECT_TRUE(service_->resend("d@example.com", "10.0.0.1").ok());
  EXPECT_EQ(mails_to("d@example.com"), 2u);
}

// The outbox serves mail by priority, then one client's after another's: each queued message says
// whose request queued it (the client's key, not its address) and how it ranks.
TEST_F(AccountServiceTest, QueuedMailCarriesTheClientsKeyAndItsPriority) {
  const Client v6{"2001:db8:1:2::7", "2001:db8:1:2::/64"};
  auto queued = [&] {
    auto claimed = store_->claim_due_mail(clock_.now(), clock_.now() + 60, 10);
    EXPECT_EQ(claimed.size(), 1u);
    if (claimed.empty()) return store::QueuedMail{};
    for (const auto& m : claimed) store_->mark_mail_sent(m.id, clock_.now());
    return claimed.front();
  };
  ASSERT_TRUE(service_->register_account("n@example.com", kAdaPassword, v6).ok());
  const auto first = queued();
  EXPECT_EQ(first.client_key, "2001:db8:1:2::/64");
  EXPECT_EQ(first.client_address, "2001:db8:1:2::7");
  EXPECT_EQ(first.priority, ports::MailPriority::kStranger) << "nobody asked for it before";
  clock_.advance(61);
  ASSERT_TRUE(service_->resend("n@example.com", v6).ok());
  EXPECT_EQ(queued().priority, ports::MailPriority::kNormal) << "asked for again";

  sign_up("o@example.com", kAdaPassword, "192.0.2.9");
  const auto token = login("o@example.com", kAdaPassword, "192.0.2.9");
  clock_.advance(61);
  ASSERT_TRUE(service_->forgot("o@example.com", v6).ok());
  const auto reset = queued();
  EXPECT_EQ(reset.kind, "reset");
  EXPECT_EQ(reset.client_key, "2001:db8:1:2::/64");
  EXPECT_EQ(reset.priority, ports::MailPriority::kAccount) << "an existing account's mail";
  ASSERT_TRUE(service_->change_password(token, kAdaPassword, kNewPassword, "192.0.2.9").ok());
  const auto notice = queued();
  EXPECT_EQ(notice.client_key, "192.0.2.9");
  EXPECT_EQ(notice.priority, ports::MailPriority::kAccount) << "the owner's own action";
}

TEST_F(AccountServiceTest, ResetRevokesEverySessionAndSetsTheNewPassword) {
  sign_up("f@example.com", kAdaPassword);
  const auto t1 = login("f@example.com", kAdaPassword);
  ASSERT_TRUE(service_->forgot("f@example.com", "10.0.0.1").ok());
  const auto mail = newest_mail("f@example.com");
  ASSERT_TRUE(mail && mail->code);
  EXPECT_EQ(mail->kind, "reset");
  EXPECT_EQ(service_->reset("f@example.com", *mail->code, "short", "10.0.0.1").error().code,
            ErrorCode::kWeakPassword);
  ASSERT_TRUE(service_->reset("f@example.com", *mail->code, kNewPassword, "10.0.0.1").ok());
  EXPECT_FALSE(service_->me(t1).ok());
  EXPECT_EQ(service_->reset("f@example.com", *mail->code, kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidCode);
  EXPECT_EQ(service_->login("f@example.com", kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidCredentials);
  login("f@example.com", kNewPassword);
  EXPECT_THAT(observer_.security, Contains(::testing::StartsWith("password_reset:ok:")));
}

TEST_F(AccountServiceTest, ForgotForAnAddressWithoutAccountMailsANoticeWithoutCode) {
  ASSERT_TRUE(service_->forgot("ghost@example.com", "10.0.0.1").ok());
  const auto mail = newest_mail("ghost@example.com");
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->kind, "reset_unknown");
  EXPECT_FALSE(mail->code.has_value());
  EXPECT_EQ(service_->forgot("not an address", "10.0.0.1").error().code, ErrorCode::kInvalidEmail);
}

TEST_F(AccountServiceTest, ChangePasswordKeepsOnlyTheCurrentSession) {
  sign_up("g@example.com", kAdaPassword);
  const auto keep = login("g@example.com", kAdaPassword);
  const auto other = login("g@example.com", kAdaPassword);
  EXPECT_EQ(
      service_->change_password(keep, "wrong password!", kNewPassword, "10.0.0.1").error().code,
      ErrorCode::kUnauthorized);
  EXPECT_EQ(service_->change_password(keep, kAdaPassword, "short", "10.0.0.1").error().code,
            ErrorCode::kWeakPassword);
  ASSERT_TRUE(service_->change_password(keep, kAdaPassword, kNewPassword, "10.0.0.1").ok());
  EXPECT_TRUE(service_->me(keep).ok());
  EXPECT_FALSE(service_->me(other).ok());
  login("g@example.com", kNewPassword);
}

TEST_F(AccountServiceTest, DeleteRemovesTheAccountItsCodesAndItsQueuedMail) {
  const auto token = sign_up("h@example.com", kAdaPassword);
  EXPECT_EQ(service_->delete_account(token, "not my password!", "10.0.0.1").error().code,
            ErrorCode::kUnauthorized);
  ASSERT_TRUE(service_->me(token).ok());
  ASSERT_TRUE(service_->forgot("h@example.com", "10.0.0.1").ok());  // queued, not delivered
  EXPECT_EQ(store_->pending_mail_count(), 1);
  ASSERT_TRUE(service_->delete_account(token, kAdaPassword, "10.0.0.1").ok());
  EXPECT_EQ(store_->pending_mail_count(), 0);
  EXPECT_FALSE(service_->me(token).ok());
  EXPECT_EQ(service_->login("h@example.com", kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidCredentials);
  clock_.advance(61);
  sign_up("h@example.com", kNewPassword);
  login("h@example.com", kNewPassword);
}

TEST_F(AccountServiceTest, RehashesOnLoginWhenParametersChanged) {
  sign_up("i@example.com", kAdaPassword);
  const PasswordHasher stronger({2, 16384});
  service_ = std::make_unique<AccountService>(
      AccountService::Dependencies{
          *store_, stronger, policy_, clock_, tracing_->tracer(), &observer_, {}},
      settings_);
  login("i@example.com", kAdaPassword);
  auto tx = store_->begin();
  const auto account = tx->accounts().find_account_by_email("i@example.com");
  ASSERT_TRUE(account);
  EXPECT_FALSE(stronger.needs_rehash(account->password_hash));
  EXPECT_TRUE(hasher_.needs_rehash(account->password_hash));
}

TEST_F(AccountServiceTest, PasswordsAreNormalisedAndHashesOfTheRawFormKeepWorking) {
  // "\xEF\xAC\x81" is U+FB01 (the fi ligature); NFKC turns it into "fi".
  const std::string raw = "\xEF\xAC\x81ne ligatures from before";
  const std::string nfkc = "fine ligatures from before";
  {
    // An account whose hash was made from the raw form, before passwords were normalised (and
    // before schema 4 marked hashes of the NFKC form).
    auto tx = store_->begin();
    tx->accounts().insert_account("old@example.com", hasher_.hash(raw), clock_.now());
    tx->commit();
    SQLite::Database db(path_.string(), SQLite::OPEN_READWRITE);
    db.exec("UPDATE accounts SET password_nfkc = 0 WHERE email = 'old@example.com'");
  }
  login("old@example.com", raw);
  auto tx = store_->begin();
  const auto account = tx->accounts().find_account_by_email("old@example.com");
  tx->commit();
  ASSERT_TRUE(account);
  EXPECT_TRUE(hasher_.verify(account->password_hash, nfkc)) << "rehashed from the NFKC form";
  EXPECT_FALSE(hasher_.verify(account->password_hash, raw));
  login("old@example.com", nfkc);  // either spelling now opens it
  login("old@example.com", raw);
}

TEST_F(AccountServiceTest, TestCodeIsUsedForTheTestAddressOnly) {
  settings_.test_email = "t@example.com";
  settings_.test_code = "424242";
  make_service();
  ASSERT_TRUE(service_->register_account("T@example.com", kAdaPassword, "10.0.0.1").ok());
  EXPECT_EQ(newest_code("t@example.com"), "424242");
  ASSERT_TRUE(service_->register_account("u@example.com", kAdaPassword, "10.0.0.1").ok());
  EXPECT_NE(newest_code("u@example.com"), "424242");
}

TEST_F(AccountServiceTest, BadInputIsRefusedWithoutChanges) {
  EXPECT_EQ(service_->register_account("nope", kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidEmail);
  EXPECT_EQ(service_->register_account("ok@example.com", "short", "10.0.0.1").error().code,
            ErrorCode::kWeakPassword);
  EXPECT_EQ(service_->confirm("nope", "123456", kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidEmail);
  EXPECT_EQ(service_->reset("nope", "123456", kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidEmail);
  EXPECT_EQ(service_->resend("nope", "10.0.0.1").error().code, ErrorCode::kInvalidEmail);
  EXPECT_EQ(service_->login("nope", kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidCredentials);
  EXPECT_EQ(store_->pending_mail_count(), 0);
  EXPECT_EQ(wakeups_, 0);
  EXPECT_EQ(service_->confirm("ok@example.com", "123456", kAdaPassword, "10.0.0.1").error().code,
            ErrorCode::kInvalidCode);
}

TEST_F(AccountServiceTest, SecurityEventsNameTheAccountAndTheClientButNeverTheAddress) {
  const auto token = sign_up("s@example.com", kAdaPassword, "10.1.1.1");
  EXPECT_FALSE(service_->login("s@example.com", "a wrong password", "10.1.1.2").ok());
  ASSERT_TRUE(service_->change_password(token, kAdaPassword, kNewPassword, "10.1.1.3").ok());
  ASSERT_TRUE(service_->delete_account(token, kNewPassword, "10.1.1.4").ok());
  ASSERT_EQ(observer_.security.size(), 4u);
  EXPECT_EQ(observer_.security[0], "signup_confirmed:ok:1:10.1.1.1");
  EXPECT_EQ(observer_.security[1], "login_failed:invalid_credentials:1:10.1.1.2");
  EXPECT_EQ(observer_.security[2], "password_changed:ok:1:10.1.1.3");
  EXPECT_EQ(observer_.security[3], "account_deleted:ok:1:10.1.1.4");
  for (const auto& tag : observer_.tags) {
    EXPECT_EQ(tag, observer_.tags.front()) << "one address, one tag";
    EXPECT_EQ(tag.find('@'), std::string::npos);
    EXPECT_EQ(tag.size(), 12u);
  }
}

}  // namespace
}  // namespace authlens::account::testing
