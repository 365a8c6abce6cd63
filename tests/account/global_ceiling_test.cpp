// The replica's hourly ceilings: exact under concurrency, sliding by the minute, and reached as
// the service answers it (429 rate_limited, one security event a minute).
#include "account/parts/global_ceiling.hpp"

#include <gmock/gmock.h>

#include <atomic>
#include <thread>
#include <vector>

#include "service_fixture.hpp"

namespace authlens::account::testing {
namespace {

using Verdict = GlobalCeiling::Verdict;

TEST(GlobalCeiling, CountsUpToTheCeilingThenRefusesAndSaysSoOnceAMinute) {
  GlobalCeiling ceiling(3);
  EXPECT_EQ(ceiling.take(1000), Verdict::kTaken);
  EXPECT_EQ(ceiling.take(1001), Verdict::kTaken);
  EXPECT_EQ(ceiling.take(1002), Verdict::kTaken);
  EXPECT_EQ(ceiling.take(1003), Verdict::kFirstRefused);
  EXPECT_EQ(ceiling.take(1004), Verdict::kRefused);
  EXPECT_EQ(ceiling.take(1000 + 60), Verdict::kFirstRefused) << "a new minute, a new log line";
}

TEST(GlobalCeiling, AMinuteLeavesTheWindowAnHourLater) {
  GlobalCeiling ceiling(2);
  const std::int64_t t0 = 600 * 60;  // the start of a minute
  EXPECT_EQ(ceiling.take(t0), Verdict::kTaken);
  EXPECT_EQ(ceiling.take(t0 + 30 * 60), Verdict::kTaken);
  EXPECT_NE(ceiling.take(t0 + 59 * 60), Verdict::kTaken);
  EXPECT_EQ(ceiling.seconds_until_free(t0 + 59 * 60), 60);
  EXPECT_EQ(ceiling.take(t0 + 60 * 60), Verdict::kTaken) << "t0's minute has left the hour";
  EXPECT_NE(ceiling.take(t0 + 60 * 60), Verdict::kTaken);
  // After a long quiet, everything has left.
  EXPECT_EQ(ceiling.take(t0 + 10 * 3600), Verdict::kTaken);
  EXPECT_EQ(ceiling.take(t0 + 10 * 3600), Verdict::kTaken);
}

TEST(GlobalCeiling, RacingTakersGetExactlyTheCeiling) {
  GlobalCeiling ceiling(1000);
  std::atomic<int> taken{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i)
        if (ceiling.take(5000) == Verdict::kTaken) ++taken;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(taken.load(), 1000);
}

class GlobalCeilingServiceTest : public AccountServiceTest {
 protected:
  void SetUp() override {
    settings_.code_checks_per_hour = 3;
    settings_.mail_requests_per_hour = 4;
    AccountServiceTest::SetUp();
  }
};

TEST_F(GlobalCeilingServiceTest, CodeChecksFromManyClientsStopAtTheCeiling) {
  ASSERT_TRUE(
      service_->register_account("a@example.com", "amber tiger sails north", "10.0.0.1").ok());
  const auto code = newest_code("a@example.com");
  // Every client and address is far from its own limits; their sum is not.
  for (int i = 0; i < 3; ++i) {
    const auto client = "10.0.1." + std::to_string(i);
    const auto r = service_->confirm("a@example.com", other_code(code, i + 1),
                                     "amber tiger sails north", client);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidCode);
  }
  const auto refused =
      service_->confirm("a@example.com", *code, "amber tiger sails north", "10.0.2.1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  EXPECT_THAT(observer_.security,
              ::testing::Contains(::testing::StartsWith("global_ceiling_reached:code_checks:")));
}

TEST_F(GlobalCeilingServiceTest, MailRequestsFromManyClientsStopAtTheCeiling) {
  for (int i = 0; i < 4; ++i) {
    const auto email = "u" + std::to_string(i) + "@example.com";
    EXPECT_TRUE(
        service_->register_account(email, "amber tiger sails north", "10.0.3." + std::to_string(i))
            .ok());
  }
  const auto refused =
      service_->register_account("late@example.com", "amber tiger sails north", "10.0.4.1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(mails_to("late@example.com"), 0u);
}

}  // namespace
}  // namespace authlens::account::testing
