#include "mail/backoff.hpp"

#include <gtest/gtest.h>

namespace authlens::mail {
namespace {

using std::chrono::seconds;

TEST(Backoff, DoublesFromTheBase) {
  EXPECT_EQ(backoff_delay(1, seconds{2}, seconds{300}, 0.0), seconds{2});
  EXPECT_EQ(backoff_delay(2, seconds{2}, seconds{300}, 0.0), seconds{4});
  EXPECT_EQ(backoff_delay(5, seconds{2}, seconds{300}, 0.0), seconds{32});
}

TEST(Backoff, JitterShortensByAtMostAQuarterSoDelaysStillGrow) {
  EXPECT_EQ(backoff_delay(3, seconds{2}, seconds{300}, 1.0), seconds{6});
  for (int attempt = 1; attempt < 7; ++attempt) {
    EXPECT_LT(backoff_delay(attempt, seconds{2}, seconds{300}, 0.0),
              backoff_delay(attempt + 1, seconds{2}, seconds{300}, 1.0));
  }
}

TEST(Backoff, IsCappedAndNeverOverflows) {
  EXPECT_EQ(backoff_delay(9, seconds{2}, seconds{300}, 0.0), seconds{300});
  EXPECT_EQ(backoff_delay(1000000, seconds{2}, seconds{300}, 0.0), seconds{300});
  EXPECT_GE(backoff_delay(1000000, seconds{2}, seconds{300}, 1.0), seconds{225});
}

TEST(Backoff, IsAtLeastOneSecond) {
  EXPECT_EQ(backoff_delay(0, seconds{0}, seconds{300}, 0.5), seconds{1});
}

}  // namespace
}  // namespace authlens::mail
