// A PostgreSQL restart or a killed backend costs the calls in flight, not the process, and not
// the calls after it: a pooled connection the server ended while it sat idle is found out and
// replaced before its next use.
#include <chrono>
#include <thread>

#include "store_fixture.hpp"

namespace authlens::store::testing {
namespace {

class PgReconnectTest : public StoreTest {
 protected:
  // Kills this test's server connections (the fixture tags them with application_name) and
  // waits until they are gone: pg_terminate_backend only signals the backend.
  void kill_connections() const {
    const std::string mine = "FROM pg_stat_activity WHERE application_name = '" + schema_ + "'";
    admin("SELECT pg_terminate_backend(pid) " + mine);
    pqxx::connection conn(pg_base_);
    for (int i = 0; i < 500; ++i) {
      pqxx::nontransaction tx(conn);
      if (tx.exec("SELECT COUNT(*) " + mine)[0][0].as<int>() == 0) return;
      tx.commit();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling the server's state
    }
    FAIL() << "the backends did not end within 5 s";
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

  // Every pooled connection was ended by the server; none of them costs a call an error. The
  // four transactions are open at once, so each of the pool's four connections is used.
  EXPECT_NO_THROW(EXPECT_TRUE(store_->find_session(digest_of(1), 2).has_value()));
  std::vector<std::unique_ptr<Transaction>> open;
  for (int i = 0; i < 4; ++i) {
    EXPECT_NO_THROW({
      open.push_back(store_->begin());
      EXPECT_EQ(open.back()->accounts().find_account_by_email("ada@example.com")->id, id);
    });
  }
  for (auto& tx : open) EXPECT_NO_THROW(tx->commit());
  EXPECT_TRUE(store_->ping());
}

INSTANTIATE_TEST_SUITE_P(Backends, PgReconnectTest, ::testing::Values("postgres"), backend_name);

}  // namespace
}  // namespace authlens::store::testing
