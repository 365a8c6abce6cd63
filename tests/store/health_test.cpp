// Store health: each cause reported once per outage, writable again after a write.
#include "store/health.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace authlens::store {
namespace {

TEST(StoreHealth, ReportsEachCauseOncePerOutageAndTheRecoveryOnce) {
  StoreHealth health;
  std::vector<std::string> reports;
  health.set_reporter([&](const std::string& cause, bool recovered) {
    reports.push_back(recovered ? "recovered" : cause);
  });
  EXPECT_TRUE(health.writable());
  health.wrote();  // nothing to recover from
  health.failed("database or disk is full");
  health.failed("database or disk is full");
  health.failed("disk I/O error");
  EXPECT_FALSE(health.writable());
  health.wrote();
  health.wrote();
  EXPECT_TRUE(health.writable());
  health.failed("database or disk is full");  // a new outage says so again
  EXPECT_EQ(reports, (std::vector<std::string>{"database or disk is full", "disk I/O error",
                                               "recovered", "database or disk is full"}));
}

}  // namespace
}  // namespace authlens::store
