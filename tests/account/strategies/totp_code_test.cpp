// TOTP codes against RFC 6238's own vectors, the window's edges, and input that is not a code.
#include "account/strategies/totp/code.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "account/strategies/rfc6238_secret.hpp"

namespace authlens::account::totp {
namespace {

using testing::rfc6238_secret;

struct Vector {
  std::int64_t time;
  const char* code;  // the RFC's 8-digit TOTP cut to its last six digits
};

// Appendix B, SHA-1 rows (94287082, 07081804, 14050471, 89005924, 69279037, 65353130).
constexpr Vector kRfc6238Sha1[] = {
    {59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
    {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"},
};

TEST(TotpCode, MatchesRfc6238AppendixB) {
  const auto secret = rfc6238_secret();
  for (const auto& v : kRfc6238Sha1) {
    EXPECT_EQ(code_at(secret, v.time), v.code) << "T = " << v.time;
    EXPECT_EQ(verify_code(secret, v.code, v.time), v.time / 30) << "T = " << v.time;
  }
}

// features/bddsupport/totp.py checks the same pair, so the BDD suite and the service agree.
TEST(TotpCode, AgreesWithTheBddSuitesGenerator) {
  const auto secret = rfc6238_secret();
  EXPECT_EQ(secret.base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(code_at(secret, 1111111109), "081804");
}

TEST(TotpCode, ACodeHoldsForItsWholeStepAndNoLonger) {
  const auto secret = rfc6238_secret();
  const std::int64_t step_start = 1111111110;  // 30 × 37037037
  EXPECT_EQ(code_at(secret, step_start), code_at(secret, step_start + 29));
  EXPECT_NE(code_at(secret, step_start), code_at(secret, step_start + 30));
  EXPECT_NE(code_at(secret, step_start), code_at(secret, step_start - 1));
}

class TotpWindow : public ::testing::Test {
 protected:
  const Secret secret_ = rfc6238_secret();
  const std::int64_t now_ = 1700000015;  // mid-step
  const std::int64_t step_ = now_ / 30;

  std::string code_of_step(std::int64_t step) const { return code_at(secret_, step * 30); }

  void SetUp() override {
    // The edges below mean something only if the five codes differ.
    for (int a = -2; a <= 2; ++a)
      for (int b = a + 1; b <= 2; ++b) ASSERT_NE(code_of_step(step_ + a), code_of_step(step_ + b));
  }
};

TEST_F(TotpWindow, AcceptsTheCurrentStepAndOneEitherSideReturningTheMatchedStep) {
  for (int offset : {-1, 0, 1})
    EXPECT_EQ(verify_code(secret_, code_of_step(step_ + offset), now_), step_ + offset)
        << "offset " << offset;
}

TEST_F(TotpWindow, RefusesTwoStepsAwayEitherSide) {
  EXPECT_EQ(verify_code(secret_, code_of_step(step_ - 2), now_), std::nullopt);
  EXPECT_EQ(verify_code(secret_, code_of_step(step_ + 2), now_), std::nullopt);
}

TEST_F(TotpWindow, TheWindowIsCountedInStepsNotSecondsFromNow) {
  // At the first and last second of a step, the neighbours are still exactly one step away.
  for (const std::int64_t at : {step_ * 30, step_ * 30 + 29}) {
    EXPECT_EQ(verify_code(secret_, code_of_step(step_ - 1), at), step_ - 1);
    EXPECT_EQ(verify_code(secret_, code_of_step(step_ + 1), at), step_ + 1);
    EXPECT_EQ(verify_code(secret_, code_of_step(step_ - 2), at), std::nullopt);
    EXPECT_EQ(verify_code(secret_, code_of_step(step_ + 2), at), std::nullopt);
  }
}

TEST_F(TotpWindow, AWindowOfZeroAcceptsOnlyTheCurrentStep) {
  EXPECT_EQ(verify_code(secret_, code_of_step(step_), now_, 0), step_);
  EXPECT_EQ(verify_code(secret_, code_of_step(step_ - 1), now_, 0), std::nullopt);
  EXPECT_EQ(verify_code(secret_, code_of_step(step_ + 1), now_, 0), std::nullopt);
}

TEST_F(TotpWindow, AnotherSecretsCodeIsRefused) {
  const auto other = Secret::generate();
  const auto code = code_at(other, now_);
  // One chance in 10^6 per step that the two secrets agree; skip rather than flake.
  for (int offset : {-1, 0, 1})
    if (code == code_of_step(step_ + offset)) GTEST_SKIP() << "the random secret collided";
  EXPECT_EQ(verify_code(secret_, code, now_), std::nullopt);
}

TEST(TotpCode, RefusesAnythingButExactlySixAsciiDigits) {
  const auto secret = rfc6238_secret();
  const std::int64_t now = 1111111109;
  const std::string good = "081804";
  ASSERT_EQ(verify_code(secret, good, now), now / 30);
  const std::string malformed[] = {
      "",
      "08180",
      "0818040",
      "81804",    // what an integer parse would make of it
      " 081804",  // no trimming: the HTTP layer gets strings, not numbers
      "081804 ",
      "081 804",
      "+81804",
      "-81804",
      "08180a",
      "0x1804",
      std::string("081804\0", 7),
      std::string("08\0"
                  "804",
                  6),
      "\xd9\xa0\xd9\xa8\xd9\xa1\xd9\xa8\xd9\xa0\xd9\xa4",  // ٠٨١٨٠٤, Arabic-Indic digits
      "\xef\xbc\x90\xef\xbc\x98\xef\xbc\x91\xef\xbc\x98\xef\xbc\x90\xef\xbc\x94",  // full width
  };
  for (const auto& code : malformed)
    EXPECT_EQ(verify_code(secret, code, now), std::nullopt) << "'" << code << "'";
}

TEST(TotpCode, TimesBeforeTheEpochHaveNoCode) {
  const auto secret = rfc6238_secret();
  EXPECT_EQ(time_step(-1), std::nullopt);
  EXPECT_EQ(time_step(0), 0);
  EXPECT_EQ(time_step(59), 1);
  EXPECT_THROW(code_at(secret, -1), std::invalid_argument);
  EXPECT_EQ(verify_code(secret, code_at(secret, 0), -1), std::nullopt);
  // Step 0's window would reach step -1, which liboath would wrap to 2^64 - 1: refused whole.
  EXPECT_EQ(verify_code(secret, code_at(secret, 0), 10), std::nullopt);
  EXPECT_EQ(verify_code(secret, code_at(secret, 0), 10, 0), 0);
}

TEST(TotpCode, ManyThreadsVerifyAtOnceAndEachGetsItsOwnAnswer) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 200;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&wrong, t] {
      const auto secret = Secret::generate();
      for (int i = 0; i < kRounds; ++i) {
        const std::int64_t now = 1700000000 + 30 * (t * kRounds + i);
        if (verify_code(secret, code_at(secret, now), now) != now / 30) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace authlens::account::totp
