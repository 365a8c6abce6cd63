// A PostgreSQL restart or a killed backend costs the calls in flight, not the process: broken
// connections are replaced on their next use.
#include "store_fixture.hpp"

namespace authlens::store::testing {
namespace {

class PgReconnectTest : public StoreTest {
 protected:
  // Kills this test's server connections (the fixture tags them with application_name).
  void kill_connections() const {
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
          schema_ + "'");
  }
};

TEST_P(PgReconnectTest, StoreRecoversAfterItsConnectionsAreKilled) {
  const auto id = committed_account("ada@example.com");
  {
    auto tx = store_->begin();
    tx->sessions().insert_session(session_row(digest_of(1), id, 1, 1000));
    tx->commit();
  }
  kill_connections();

  // Each pooled connection may fail once (as StoreError, never worse); then all work again.
  int failures = 0;
  bool found = false;
  for (int i = 0; i < 10 && !found; ++i) {
    try {
      found = store_->find_session(digest_of(1), 2).has_value();
    } catch (const StoreError&) {
      ++failures;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_LE(failures, 4);
  for (int i = 0; i < 8; ++i) {
    EXPECT_NO_THROW({
      auto tx = store_->begin();
      EXPECT_EQ(tx->accounts().find_account_by_email("ada@example.com")->id, id);
      tx->commit();
    });
  }
  EXPECT_TRUE(store_->ping());
}

INSTANTIATE_TEST_SUITE_P(Backends, PgReconnectTest, ::testing::Values("postgres"), backend_name);

}  // namespace
}  // namespace authlens::store::testing
