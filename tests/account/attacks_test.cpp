// The account flows against an attacker who knows only an address: any order of calls, mail
// never delivered, many client addresses, racing requests.
#include <gmock/gmock.h>

#include <SQLiteCpp/Database.h>

#include <thread>

#include "account/service.hpp"
#include "service_fixture.hpp"

namespace authlens::account::testing {
namespace {

using ::testing::Contains;
using ::testing::StartsWith;

constexpr const char* kVictimPassword = "amber tiger sails north";
constexpr const char* kAttackerPassword = "mallory owns this one now";

// --- pre-registration hijack -------------------------------------------------------------------

TEST_F(AccountServiceTest, AnAttackerWhoRegisteredFirstGetsNothingWhenTheVictimConfirms) {
  ASSERT_TRUE(service_->register_account("vic@example.com", kAttackerPassword, "6.6.6.6").ok());
  clock_.advance(5);
  ASSERT_TRUE(service_->register_account("vic@example.com", kVictimPassword, "10.0.0.1").ok());
  // The victim uses the newest code in the inbox (the attacker's request sent it).
  const auto code = newest_code("vic@example.com");
  ASSERT_TRUE(service_->confirm("vic@example.com", *code, kVictimPassword, "10.0.0.1").ok());
  EXPECT_EQ(service_->login("vic@example.com", kAttackerPassword, "6.6.6.6").error().code,
            ErrorCode::kInvalidCredentials);
  login("vic@example.com", kVictimPassword);
}

TEST_F(AccountServiceTest, AnAttackerWhoRegistersAfterTheVictimGetsNothingEither) {
  for (const std::int64_t gap : {5, 61}) {  // inside and after the cooldown
    const std::string email = "vic" + std::to_string(gap) + "@example.com";
    ASSERT_TRUE(service_->register_account(email, kVictimPassword, "10.0.0.1").ok());
    clock_.advance(gap);
    ASSERT_TRUE(service_->register_account(email, kAttackerPassword, "6.6.6.6").ok());
    const auto code = newest_code(email);
    ASSERT_TRUE(service_->confirm(email, *code, kVictimPassword, "10.0.0.1").ok());
    EXPECT_FALSE(service_->login(email, kAttackerPassword, "6.6.6.6").ok()) << gap;
    login(email, kVictimPassword);
  }
}

TEST_F(AccountServiceTest, FiftyRacingRegistrationsQueueOneMailAndStoreNoPassword) {
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0};
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      const std::string password = "racer number " + std::to_string(i) + " password";
      if (service_->register_account("race@example.com", password, "6.6.6." + std::to_string(i))
              .ok())
        ++accepted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 50) << "every caller gets the same answer";
  EXPECT_EQ(mails_to("race@example.com"), 1u);
  auto tx = store_->begin();
  EXPECT_FALSE(tx->accounts().find_account_by_email("race@example.com").has_value());
  tx->commit();
  const auto code = newest_code("race@example.com");
  ASSERT_TRUE(service_->confirm("race@example.com", *code, kVictimPassword, "10.0.0.1").ok());
  for (int i = 0; i < 50; ++i)
    EXPECT_FALSE(service_
                     ->login("race@example.com", "racer number " + std::to_string(i) + " password",
                             "10.0.0.9")
                     .ok());
}

// --- bounded guessing --------------------------------------------------------------------------

TEST_F(AccountServiceTest, FiveWrongTriesUseACodeUpAndTheNextTryIsNotEvaluated) {
  ASSERT_TRUE(service_->register_account("b@example.com", kVictimPassword, "10.0.0.1").ok());
  const auto code = newest_code("b@example.com");
  for (int i = 1; i <= 5; ++i)
    EXPECT_EQ(service_->confirm("b@example.com", other_code(code, i), kVictimPassword, "6.6.6.6")
                  .error()
                  .code,
              ErrorCode::kInvalidCode);
  const auto refused = service_->confirm("b@example.com", *code, kVictimPassword, "10.0.0.1");
  ASSERT_FALSE(refused.ok()) << "even the right code is refused once five wrong ones were tried";
  EXPECT_EQ(refused.error().code, ErrorCode::kTooManyAttempts);
  EXPECT_EQ(refused.error().retry_after_seconds, 60) << "a new code can be asked for in 60 s";
  EXPECT_THAT(observer_.security, Contains(StartsWith("code_attempts_exhausted:")));
  clock_.advance(60);
  ASSERT_TRUE(service_->resend("b@example.com", "10.0.0.1").ok());
  EXPECT_TRUE(
      service_->confirm("b@example.com", *newest_code("b@example.com"), kVictimPassword, "10.0.0.1")
          .ok());
}

// Wrong codes for one address, asking for a new code whenever allowed, with the mail never
// delivered: how many were evaluated (answered invalid_code) in an hour.
int evaluated_in_an_hour(AccountService& service, ManualClock& clock, const std::string& email,
                         bool many_clients) {
  int evaluated = 0;
  for (int second = 0; second < 3600; second += 5) {
    const std::string client =
        many_clients ? "172.16.0." + std::to_string(second % 200) : "6.6.6.6";
    (void)service.forgot(email, client);
    for (int i = 0; i < 3; ++i) {
      const auto r =
          service.reset(email, "00000" + std::to_string(i), "violet lantern home", client);
      if (!r.ok() && r.error().code == ErrorCode::kInvalidCode) ++evaluated;
    }
    clock.advance(5);
  }
  return evaluated;
}

TEST_F(AccountServiceTest, AtMostTenWrongCodesPerAddressAnHourWhateverMailDoes) {
  settings_.mail_budget_per_client = 1000;  // the address cap must hold on its own
  settings_.max_code_failures_per_client = 1000;
  make_service();
  sign_up("target@example.com", kVictimPassword);
  // Nothing is ever delivered: the cooldown counts from the request, so a dead SMTP server
  // cannot hand out fresh tries.
  EXPECT_EQ(evaluated_in_an_hour(*service_, clock_, "target@example.com", false), 10);
  EXPECT_EQ(evaluated_in_an_hour(*service_, clock_, "target2@example.com", true), 10)
      << "200 client addresses do no better";
}

TEST_F(AccountServiceTest, OneClientIsCappedAcrossAddresses) {
  int evaluated = 0;
  for (int i = 0; i < 30; ++i) {
    const std::string email = "user" + std::to_string(i) + "@example.com";
    for (int n = 0; n < 5; ++n) {
      const auto r =
          service_->confirm(email, "12345" + std::to_string(n), kVictimPassword, "6.6.6.6");
      if (!r.ok() && r.error().code == ErrorCode::kInvalidCode) ++evaluated;
    }
  }
  EXPECT_EQ(evaluated, settings_.max_code_failures_per_client);
  EXPECT_EQ(
      service_->confirm("fresh@example.com", "123456", kVictimPassword, "6.6.6.7").error().code,
      ErrorCode::kInvalidCode)
      << "another client is not affected";
}

// --- no oracle ---------------------------------------------------------------------------------

// The answers (code and Retry-After) to one fixed sequence of calls for one address.
std::vector<std::string> probe(AccountService& s, const std::string& email,
                               const std::string& client) {
  std::vector<std::string> answers;
  auto note = [&](const auto& r) {
    answers.push_back(r.ok() ? "ok"
                             : std::string(to_string(r.error().code)) + "/" +
                                   std::to_string(r.error().retry_after_seconds));
  };
  for (int i = 0; i < 7; ++i) note(s.login(email, "not the password " + std::to_string(i), client));
  for (int i = 0; i < 2; ++i) note(s.resend(email, client));
  for (int i = 0; i < 7; ++i)
    note(s.confirm(email, "00000" + std::to_string(i), kAttackerPassword, client));
  for (int i = 0; i < 2; ++i) note(s.forgot(email, client));
  for (int i = 0; i < 7; ++i)
    note(s.reset(email, "10000" + std::to_string(i), kAttackerPassword, client));
  note(s.register_account(email, kAttackerPassword, client));
  return answers;
}

TEST_F(AccountServiceTest, UnknownUnconfirmedAndConfirmedAddressesAnswerAlike) {
  ASSERT_TRUE(service_->register_account("pending@example.com", kVictimPassword, "10.0.0.1").ok());
  sign_up("known@example.com", kVictimPassword, "10.0.0.2");
  clock_.advance(61);  // past every cooldown of the setup
  const auto unknown = probe(*service_, "nobody@example.com", "6.6.6.1");
  const auto unconfirmed = probe(*service_, "pending@example.com", "6.6.6.2");
  const auto confirmed = probe(*service_, "known@example.com", "6.6.6.3");
  EXPECT_EQ(unknown, unconfirmed);
  EXPECT_EQ(unknown, confirmed);
  // And the sequence did meet the limits it is meant to compare.
  EXPECT_THAT(unknown, Contains(StartsWith("too_many_attempts/")));
  EXPECT_THAT(unknown, Contains(StartsWith("rate_limited/")));
}

TEST_F(AccountServiceTest, CaseVariantsOfOneAddressAreOneIdentityAndOneMail) {
  const std::string variants[] = {"ERIN@example.com", "erin@example.com", "Erin@Example.com",
                                  "eRiN@EXAMPLE.COM"};
  for (const auto& v : variants)
    EXPECT_TRUE(service_->register_account(v, kVictimPassword, "6.6.6.6").ok());
  EXPECT_EQ(mails_to("erin@example.com"), 1u);
  ASSERT_TRUE(service_
                  ->confirm("ERIN@EXAMPLE.COM", *newest_code("erin@example.com"), kVictimPassword,
                            "10.0.0.1")
                  .ok());
  clock_.advance(61);
  ASSERT_TRUE(service_->register_account("erin@example.com", kVictimPassword, "10.0.0.1").ok());
  EXPECT_EQ(newest_mail("erin@example.com")->kind, "verify_existing") << "one account, not two";
}

TEST_F(AccountServiceTest, OneClientHasABudgetOfMailSendingRequests) {
  for (int i = 0; i < settings_.mail_budget_per_client; ++i)
    ASSERT_TRUE(service_->resend("third" + std::to_string(i) + "@example.com", "6.6.6.6").ok());
  const auto refused = service_->resend("one-more@example.com", "6.6.6.6");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(refused.error().retry_after_seconds, 3600);
  EXPECT_EQ(
      service_->register_account("one-more@example.com", kVictimPassword, "6.6.6.6").error().code,
      ErrorCode::kRateLimited);
  EXPECT_EQ(mails_to("one-more@example.com"), 0u);
  EXPECT_TRUE(service_->resend("one-more@example.com", "10.0.0.1").ok()) << "others are fine";
  EXPECT_THAT(observer_.security, Contains("mail_budget_exhausted:rate_limited:-:6.6.6.6"));
}

// --- exact limits under concurrency ------------------------------------------------------------

TEST_F(AccountServiceTest, TwentyRacingWrongLoginsRecordExactlyTheLimit) {
  sign_up("k@example.com", kVictimPassword);
  std::atomic<int> evaluated{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      const auto r = service_->login("k@example.com", "wrong password " + std::to_string(i),
                                     "6.6.6." + std::to_string(i));
      if (r.error().code == ErrorCode::kInvalidCredentials) ++evaluated;
      if (r.error().code == ErrorCode::kTooManyAttempts) ++refused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(evaluated.load(), settings_.max_login_failures_per_address);
  EXPECT_EQ(refused.load(), 20 - settings_.max_login_failures_per_address);
  EXPECT_THAT(observer_.security, Contains(StartsWith("lockout:too_many_attempts:")));
}

TEST_F(AccountServiceTest, LockoutAppliesToAddressesWithoutAccount) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(service_->login("ghost@example.com", "guess number one", "6.6.6.6").error().code,
              ErrorCode::kInvalidCredentials);
  const auto locked = service_->login("ghost@example.com", "guess number one", "6.6.6.7");
  EXPECT_EQ(locked.error().code, ErrorCode::kTooManyAttempts);
  EXPECT_EQ(locked.error().retry_after_seconds, 15 * 60);
}

TEST_F(AccountServiceTest, ARightPasswordDoesNotCountAndClearsTheAddressFailures) {
  sign_up("r@example.com", kVictimPassword);
  for (int i = 0; i < 4; ++i)
    EXPECT_FALSE(service_->login("r@example.com", "wrong one!", "6.6.6.6").ok());
  login("r@example.com", kVictimPassword);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(service_->login("r@example.com", "wrong one!", "6.6.6.6").error().code,
              ErrorCode::kInvalidCredentials);
}

TEST_F(AccountServiceTest, WrongPasswordsOnChangeAndDeleteCountTowardTheLockout) {
  const auto token = sign_up("m@example.com", kVictimPassword);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(service_
                  ->change_password(token, "guess " + std::to_string(i) + " wrong",
                                    "new strong passphrase", "6.6.6.6")
                  .error()
                  .code,
              ErrorCode::kUnauthorized);
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(service_->delete_account(token, "guess wrong again", "6.6.6.6").error().code,
              ErrorCode::kUnauthorized);
  EXPECT_EQ(service_->delete_account(token, kVictimPassword, "6.6.6.6").error().code,
            ErrorCode::kTooManyAttempts);
  EXPECT_EQ(service_->login("m@example.com", kVictimPassword, "10.0.0.1").error().code,
            ErrorCode::kTooManyAttempts);
}

// --- nothing readable at rest ------------------------------------------------------------------

TEST_F(AccountServiceTest, NoMailedCodeCanBeReadFromAnyTable) {
  ASSERT_TRUE(service_->register_account("z@example.com", kVictimPassword, "10.0.0.1").ok());
  // Read the code the way the worker would, before it is sent: the row holds only the seal.
  std::vector<std::string> codes;
  for (const auto& m : store_->claim_due_mail(clock_.now(), clock_.now() + 60, 10))
    codes.push_back(*seal_->open(m.sealed_code, m.recipient, m.kind));
  auto dump = [&] {
    SQLite::Database db(path_.string());
    std::string all;
    SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (tables.executeStep()) {
      SQLite::Statement rows(db, "SELECT * FROM \"" + tables.getColumn(0).getString() + "\"");
      while (rows.executeStep())
        for (int c = 0; c < rows.getColumnCount(); ++c)
          all += std::string(static_cast<const char*>(rows.getColumn(c).getBlob()),
                             static_cast<std::size_t>(rows.getColumn(c).getBytes())) +
                 "\n";
    }
    return all;
  };
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(dump().find(codes[0]), std::string::npos);
  deliver();
  ASSERT_TRUE(service_->confirm("z@example.com", codes[0], kVictimPassword, "10.0.0.1").ok());
  ASSERT_TRUE(service_->forgot("z@example.com", "10.0.0.1").ok());
  const auto reset_code = newest_code("z@example.com");
  ASSERT_TRUE(
      service_->reset("z@example.com", *reset_code, "violet lantern drifts", "10.0.0.1").ok());
  const auto all = dump();
  EXPECT_EQ(all.find(codes[0]), std::string::npos);
  EXPECT_EQ(all.find(*reset_code), std::string::npos);
}

}  // namespace
}  // namespace authlens::account::testing
