// The account flows end to end against a real SQLite store, reading codes from the outbox the
// way the mail worker would.
#include "account/service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>

#include "telemetry/trace/tracer_provider.hpp"

namespace authlens::account {
namespace {

class ManualClock final : public Clock {
 public:
  std::int64_t now() const override { return now_; }
  void advance(std::int64_t seconds) { now_ += seconds; }

 private:
  std::int64_t now_ = 1'800'000'000;
};

class RecordingObserver final : public AccountObserver {
 public:
  void on_event(std::string_view event, std::string_view result) override {
    events.push_back(std::string(event) + ":" + std::string(result));
  }
  void on_password_hash(std::string_view, double) override { ++hashes; }
  std::vector<std::string> events;
  int hashes = 0;
};

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("authlens-service-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    tracing_ = trace::TracerProvider::create_from_env(
        [](std::string_view name) -> std::optional<std::string> {
          if (name == "OTEL_SDK_DISABLED") return "true";
          return std::nullopt;
        },
        "test", nullptr);
    store_ = store::open_store("sqlite://" + path_.string(), tracing_->tracer());
    settings_.test_email.reset();
    make_service();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove(path_);
    std::filesystem::remove(path_.string() + "-wal");
    std::filesystem::remove(path_.string() + "-shm");
  }
  void make_service() {
    service_ = std::make_unique<AccountService>(
        AccountService::Dependencies{*store_, hasher_, clock_, tracing_->tracer(), &observer_,
                                     [this] { ++wakeups_; }},
        settings_);
  }

  // Delivers every due message (marks it sent) and returns the code mailed to `email`, if any.
  std::optional<std::string> deliver_and_read_code(const std::string& email) {
    std::optional<std::string> code;
    for (const auto& mail : store_->claim_due_mail(clock_.now(), clock_.now() + 60, 100)) {
      store_->mark_mail_sent(mail.id, clock_.now());
      ++delivered_[mail.recipient];
      std::smatch match;
      static const std::regex kCodeLine("(^|\n)([0-9]{6})\r?\n");
      if (mail.recipient == email && std::regex_search(mail.text_body, match, kCodeLine))
        code = match[2];
      last_kind_[mail.recipient] = mail.kind;
    }
    return code;
  }

  std::string register_and_confirm(const std::string& email, const std::string& password) {
    EXPECT_TRUE(service_->register_account(email, password).ok());
    const auto code = deliver_and_read_code(email);
    EXPECT_TRUE(code.has_value());
    EXPECT_TRUE(service_->confirm(email, *code).ok());
    return *code;
  }

  std::string login(const std::string& email, const std::string& password) {
    auto grant = service_->login(email, password, "127.0.0.1");
    EXPECT_TRUE(grant.ok()) << (grant.ok() ? "" : grant.error().detail);
    return grant.ok() ? grant.value().access_token : "";
  }

  std::filesystem::path path_;
  std::shared_ptr<trace::TracerProvider> tracing_;
  std::unique_ptr<store::Store> store_;
  PasswordHasher hasher_{{1, 8192}};  // minimum cost: these tests check logic, not strength
  ManualClock clock_;
  RecordingObserver observer_;
  AccountSettings settings_;
  std::unique_ptr<AccountService> service_;
  int wakeups_ = 0;
  std::map<std::string, int> delivered_;
  std::map<std::string, std::string> last_kind_;
};

TEST_F(AccountServiceTest, RegisterConfirmLoginMeLogout) {
  ASSERT_TRUE(service_->register_account(" Ann@Example.COM ", "correct horse").ok());
  EXPECT_EQ(wakeups_, 1);
  const auto code = deliver_and_read_code("Ann@example.com");
  ASSERT_TRUE(code);
  EXPECT_EQ(service_->login("Ann@example.com", "correct horse", "c").error().code,
            ErrorCode::kEmailNotVerified);
  ASSERT_TRUE(service_->confirm("Ann@EXAMPLE.com", *code).ok());
  const auto token = login("Ann@example.com", "correct horse");
  auto me = service_->me(token);
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me.value().email, "Ann@example.com");
  EXPECT_TRUE(me.value().verified);
  EXPECT_EQ(me.value().created_at, clock_.now());
  ASSERT_TRUE(service_->logout(token).ok());
  EXPECT_EQ(service_->me(token).error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(service_->logout(token).error().code, ErrorCode::kUnauthorized);
  EXPECT_THAT(observer_.events, ::testing::Contains("login:email_not_verified"));
  EXPECT_THAT(observer_.events, ::testing::Contains("login:ok"));
}

TEST_F(AccountServiceTest, CodeIsSingleUseAndExpires) {
  ASSERT_TRUE(service_->register_account("a@example.com", "password1").ok());
  const auto code = deliver_and_read_code("a@example.com");
  clock_.advance(15 * 60);
  EXPECT_EQ(service_->confirm("a@example.com", *code).error().code, ErrorCode::kInvalidCode);
  clock_.advance(60);  // past the resend cooldown
  ASSERT_TRUE(service_->resend("a@example.com").ok());
  const auto fresh = deliver_and_read_code("a@example.com");
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(service_->confirm("a@example.com", *fresh).ok());
  EXPECT_EQ(service_->confirm("a@example.com", *fresh).error().code, ErrorCode::kInvalidCode);
}

TEST_F(AccountServiceTest, FiveWrongCodesKillTheCode) {
  ASSERT_TRUE(service_->register_account("b@example.com", "password1").ok());
  const auto code = deliver_and_read_code("b@example.com");
  const std::string wrong = *code == "000000" ? "111111" : "000000";
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(service_->confirm("b@example.com", wrong).error().code, ErrorCode::kInvalidCode);
  EXPECT_EQ(service_->confirm("b@example.com", wrong).error().code, ErrorCode::kTooManyAttempts);
  // Even the right code is refused now: the code is dead until a new one is requested.
  EXPECT_EQ(service_->confirm("b@example.com", *code).error().code, ErrorCode::kTooManyAttempts);
}

TEST_F(AccountServiceTest, RegisteringAnExistingAddressChangesNothingAndSendsANotice) {
  register_and_confirm("c@example.com", "original pw");
  clock_.advance(61);
  ASSERT_TRUE(service_->register_account("c@example.com", "attacker pw").ok());
  EXPECT_FALSE(deliver_and_read_code("c@example.com").has_value());
  EXPECT_EQ(last_kind_["c@example.com"], "notice");
  EXPECT_EQ(service_->login("c@example.com", "attacker pw", "x").error().code,
            ErrorCode::kInvalidCredentials);
  login("c@example.com", "original pw");
}

TEST_F(AccountServiceTest, ResendRespectsTheCooldownOfSentMailOnly) {
  ASSERT_TRUE(service_->register_account("d@example.com", "password1").ok());
  // Not delivered yet: asking again supersedes the queued message instead of refusing.
  ASSERT_TRUE(service_->resend("d@example.com").ok());
  ASSERT_TRUE(deliver_and_read_code("d@example.com"));
  EXPECT_EQ(delivered_["d@example.com"], 1);
  const auto refused = service_->resend("d@example.com");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  clock_.advance(60);
  EXPECT_TRUE(service_->resend("d@example.com").ok());
  EXPECT_TRUE(service_->resend("nobody@example.com").ok());
  EXPECT_FALSE(deliver_and_read_code("nobody@example.com").has_value());
  EXPECT_EQ(delivered_.count("nobody@example.com"), 0u);
}

TEST_F(AccountServiceTest, LoginThrottlesPerAccountEvenWithTheRightPassword) {
  register_and_confirm("e@example.com", "right password");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(service_->login("e@example.com", "wrong password", "10.0.0.1").error().code,
              ErrorCode::kInvalidCredentials);
  const auto locked = service_->login("e@example.com", "right password", "10.0.0.2");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::kTooManyAttempts);
  EXPECT_GT(locked.error().retry_after_seconds, 0);
  EXPECT_LE(locked.error().retry_after_seconds, 15 * 60);
  clock_.advance(15 * 60 + 1);
  login("e@example.com", "right password");
}

TEST_F(AccountServiceTest, LoginThrottlesPerClientAcrossAccounts) {
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(
        service_->login("nobody" + std::to_string(i) + "@example.com", "whatever1", "10.9.9.9")
            .error()
            .code,
        ErrorCode::kInvalidCredentials);
  EXPECT_EQ(service_->login("other@example.com", "whatever1", "10.9.9.9").error().code,
            ErrorCode::kTooManyAttempts);
  EXPECT_EQ(service_->login("other@example.com", "whatever1", "10.9.9.8").error().code,
            ErrorCode::kInvalidCredentials);
}

TEST_F(AccountServiceTest, ResetRevokesEverySessionAndSetsTheNewPassword) {
  register_and_confirm("f@example.com", "old password");
  const auto t1 = login("f@example.com", "old password");
  const auto t2 = login("f@example.com", "old password");
  ASSERT_TRUE(service_->forgot("f@example.com").ok());
  const auto code = deliver_and_read_code("f@example.com");
  ASSERT_TRUE(code);
  EXPECT_EQ(service_->reset("f@example.com", *code, "short").error().code,
            ErrorCode::kWeakPassword);
  ASSERT_TRUE(service_->reset("f@example.com", *code, "new password").ok());
  EXPECT_FALSE(service_->me(t1).ok());
  EXPECT_FALSE(service_->me(t2).ok());
  EXPECT_EQ(service_->reset("f@example.com", *code, "another one").error().code,
            ErrorCode::kInvalidCode);
  EXPECT_EQ(service_->login("f@example.com", "old password", "x").error().code,
            ErrorCode::kInvalidCredentials);
  login("f@example.com", "new password");
}

TEST_F(AccountServiceTest, ForgotForUnknownAddressSendsNothing) {
  ASSERT_TRUE(service_->forgot("ghost@example.com").ok());
  EXPECT_FALSE(deliver_and_read_code("ghost@example.com").has_value());
  EXPECT_EQ(service_->forgot("not an address").error().code, ErrorCode::kInvalidEmail);
}

TEST_F(AccountServiceTest, ChangePasswordKeepsOnlyTheCurrentSession) {
  register_and_confirm("g@example.com", "first password");
  const auto keep = login("g@example.com", "first password");
  const auto other = login("g@example.com", "first password");
  EXPECT_EQ(service_->change_password(keep, "wrong password", "second password").error().code,
            ErrorCode::kUnauthorized);
  EXPECT_EQ(service_->change_password(keep, "first password", "short").error().code,
            ErrorCode::kWeakPassword);
  ASSERT_TRUE(service_->change_password(keep, "first password", "second password").ok());
  EXPECT_TRUE(service_->me(keep).ok());
  EXPECT_FALSE(service_->me(other).ok());
  login("g@example.com", "second password");
}

TEST_F(AccountServiceTest, DeleteRemovesTheAccountAndTheAddressCanRegisterAgain) {
  register_and_confirm("h@example.com", "my password");
  const auto token = login("h@example.com", "my password");
  EXPECT_EQ(service_->delete_account(token, "not my password").error().code,
            ErrorCode::kUnauthorized);
  ASSERT_TRUE(service_->me(token).ok());
  ASSERT_TRUE(service_->delete_account(token, "my password").ok());
  EXPECT_FALSE(service_->me(token).ok());
  EXPECT_EQ(service_->login("h@example.com", "my password", "x").error().code,
            ErrorCode::kInvalidCredentials);
  clock_.advance(61);
  register_and_confirm("h@example.com", "a new password");
  login("h@example.com", "a new password");
}

TEST_F(AccountServiceTest, RehashesOnLoginWhenParametersChanged) {
  register_and_confirm("i@example.com", "my password");
  const PasswordHasher stronger({2, 16384});
  service_ = std::make_unique<AccountService>(
      AccountService::Dependencies{*store_, stronger, clock_, tracing_->tracer(), &observer_, {}},
      settings_);
  login("i@example.com", "my password");
  auto tx = store_->begin();
  const auto account = tx->find_account_by_email("i@example.com");
  ASSERT_TRUE(account);
  EXPECT_FALSE(stronger.needs_rehash(account->password_hash));
  EXPECT_TRUE(hasher_.needs_rehash(account->password_hash));
}

TEST_F(AccountServiceTest, TestCodeIsUsedForTheTestAddressOnly) {
  settings_.test_email = "t@example.com";
  settings_.test_code = "424242";
  make_service();
  ASSERT_TRUE(service_->register_account("t@example.com", "password1").ok());
  EXPECT_EQ(deliver_and_read_code("t@example.com"), "424242");
  ASSERT_TRUE(service_->register_account("u@example.com", "password1").ok());
  EXPECT_NE(deliver_and_read_code("u@example.com"), "424242");
}

TEST_F(AccountServiceTest, BadInputIsRefusedWithoutChanges) {
  EXPECT_EQ(service_->register_account("nope", "password1").error().code, ErrorCode::kInvalidEmail);
  EXPECT_EQ(service_->register_account("ok@example.com", "short").error().code,
            ErrorCode::kWeakPassword);
  EXPECT_EQ(store_->pending_mail_count(), 0);
  EXPECT_EQ(wakeups_, 0);
  EXPECT_EQ(service_->confirm("ok@example.com", "123456").error().code, ErrorCode::kInvalidCode);
}

}  // namespace
}  // namespace authlens::account
