// The store's timeouts and the drain's grace: documented defaults, the server-side timeouts
// derived from the store timeout unless set, and kept below it when set.
#include <gtest/gtest.h>

#include "app/config.hpp"

namespace authlens::app {
namespace {

using namespace std::chrono_literals;

Config load(std::map<std::string, std::string, std::less<>> values) {
  return load_config(SettingsSource::from_map(std::move(values)));
}

// The start refuses `name` = `value` (alone, or with `others`), naming the variable first.
::testing::AssertionResult refuses(const std::string& name, const std::string& value,
                                   const std::string& reason = "") {
  try {
    load({{name, value}});
  } catch (const ConfigError& error) {
    const std::string text = error.what();
    if (text.rfind(name + ": " + reason, 0) == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "refused, but said: " << text;
  }
  return ::testing::AssertionFailure() << name << "=" << value << " was accepted";
}

TEST(StoreConfig, DefaultsAreAFewSeconds) {
  const auto c = load({});
  EXPECT_EQ(c.store_timeout, 3000ms);
  EXPECT_EQ(c.pg_connect_timeout, 2000ms);
  EXPECT_EQ(c.pg_statement_timeout, 2500ms);
  EXPECT_EQ(c.pg_lock_timeout, 2000ms);
  EXPECT_EQ(c.pg_keepalive_idle, 5s);
  EXPECT_EQ(c.pg_tcp_user_timeout, 5000ms);
  EXPECT_EQ(c.drain_grace, 2000ms);
}

TEST(StoreConfig, ServerSideTimeoutsFollowTheStoreTimeoutUnlessSet) {
  const auto derived = load({{"AUTHLENS_STORE_TIMEOUT_MS", "1200"}});
  EXPECT_EQ(derived.pg_statement_timeout, 1000ms);
  EXPECT_EQ(derived.pg_lock_timeout, 800ms);
  const auto set = load({{"AUTHLENS_STORE_TIMEOUT_MS", "1200"},
                         {"AUTHLENS_PG_STATEMENT_TIMEOUT_MS", "1100"},
                         {"AUTHLENS_PG_LOCK_TIMEOUT_MS", "100"}});
  EXPECT_EQ(set.pg_statement_timeout, 1100ms);
  EXPECT_EQ(set.pg_lock_timeout, 100ms);
}

TEST(StoreConfig, BadValuesNameTheVariable) {
  EXPECT_TRUE(refuses("AUTHLENS_STORE_TIMEOUT_MS", "0"));
  // The server must give up before the client does, or the connection is lost each time.
  EXPECT_TRUE(refuses("AUTHLENS_PG_STATEMENT_TIMEOUT_MS", "3000", "must be below"));
  EXPECT_TRUE(refuses("AUTHLENS_PG_LOCK_TIMEOUT_MS", "5000", "must be below"));
  EXPECT_TRUE(refuses("AUTHLENS_PG_KEEPALIVE_IDLE_S", "0"));
  EXPECT_TRUE(refuses("AUTHLENS_DRAIN_GRACE_MS", "-1"));
}

}  // namespace
}  // namespace authlens::app
