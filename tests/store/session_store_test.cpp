// Sessions, account deletion and login-failure windows, on every backend.
#include "store_fixture.hpp"

namespace authlens::store::testing {
namespace {

using SessionStoreTest = StoreTest;

TEST_P(SessionStoreTest, SessionIsFoundWithItsAccountUntilItExpires) {
  const auto id = committed_account("ada@example.com", 50);
  {
    auto tx = store_->begin();
    tx->sessions().insert_session(session_row(digest_of(1), id, 100, 200));
    tx->commit();
  }
  const auto s = store_->find_session(digest_of(1), 150);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->account.id, id);
  EXPECT_EQ(s->account.email, "ada@example.com");
  EXPECT_EQ(s->account.created_at, 50);
  EXPECT_EQ(s->expires_at, 200);

  EXPECT_TRUE(store_->find_session(digest_of(1), 199).has_value());
  EXPECT_FALSE(store_->find_session(digest_of(1), 200).has_value()) << "expired at expires_at";
  EXPECT_FALSE(store_->find_session(digest_of(2), 150).has_value()) << "unknown token";
}

TEST_P(SessionStoreTest, DeleteSessionReportsWhetherThereWasOne) {
  const auto id = committed_account("ada@example.com");
  auto tx = store_->begin();
  tx->sessions().insert_session(session_row(digest_of(1), id, 100, 200));
  EXPECT_TRUE(tx->sessions().delete_session(digest_of(1)));
  EXPECT_FALSE(tx->sessions().delete_session(digest_of(1)));
  tx->commit();
  EXPECT_FALSE(store_->find_session(digest_of(1), 150).has_value());
}

TEST_P(SessionStoreTest, DeleteSessionsOfKeepsOnlyTheGivenOne) {
  const auto ada = committed_account("ada@example.com");
  const auto bob = committed_account("bob@example.com");
  {
    auto tx = store_->begin();
    tx->sessions().insert_session(session_row(digest_of(1), ada, 100, 900));
    tx->sessions().insert_session(session_row(digest_of(2), ada, 100, 900));
    tx->sessions().insert_session(session_row(digest_of(3), ada, 100, 900));
    tx->sessions().insert_session(session_row(digest_of(4), bob, 100, 900));
    const Digest keep = digest_of(2);
    tx->sessions().delete_sessions_of(ada, &keep);
    tx->commit();
  }
  EXPECT_FALSE(store_->find_session(digest_of(1), 150).has_value());
  EXPECT_TRUE(store_->find_session(digest_of(2), 150).has_value());
  EXPECT_FALSE(store_->find_session(digest_of(3), 150).has_value());
  EXPECT_TRUE(store_->find_session(digest_of(4), 150).has_value()) << "other accounts untouched";

  {
    auto tx = store_->begin();
    tx->sessions().delete_sessions_of(ada, nullptr);
    tx->commit();
  }
  EXPECT_FALSE(store_->find_session(digest_of(2), 150).has_value());
  EXPECT_TRUE(store_->find_session(digest_of(4), 150).has_value());
}

TEST_P(SessionStoreTest, DeleteAccountRemovesItsSessionsOnly) {
  const auto ada = committed_account("ada@example.com");
  const auto bob = committed_account("bob@example.com");
  {
    auto tx = store_->begin();
    tx->sessions().insert_session(session_row(digest_of(1), ada, 100, 900));
    tx->sessions().insert_session(session_row(digest_of(2), bob, 100, 900));
    tx->accounts().delete_account(ada);
    tx->commit();
  }
  EXPECT_FALSE(store_->find_session(digest_of(1), 150).has_value());
  EXPECT_TRUE(store_->find_session(digest_of(2), 150).has_value());
  auto tx = store_->begin();
  EXPECT_FALSE(tx->accounts().find_account_by_email("ada@example.com").has_value());
  // The address can have an account again.
  EXPECT_NO_THROW(tx->accounts().insert_account("ada@example.com", "h", 200));
  tx->commit();
}

TEST_P(SessionStoreTest, EventWindowCountsEventsSinceAGivenTime) {
  auto tx = store_->begin();
  EXPECT_EQ(tx->throttles().count_events("login:ab", 0).count, 0);
  EXPECT_EQ(tx->throttles().count_events("login:ab", 0).oldest_at, 0);

  tx->throttles().add_event("login:ab", 100);
  const auto second = tx->throttles().add_event("login:ab", 160);
  tx->throttles().add_event("login:ab", 220);
  tx->throttles().add_event("login.client:10.0.0.1", 150);

  auto w = tx->throttles().count_events("login:ab", 150);
  EXPECT_EQ(w.count, 2);
  EXPECT_EQ(w.oldest_at, 160);
  w = tx->throttles().count_events("login:ab", 100);
  EXPECT_EQ(w.count, 3) << "the window includes its start";
  EXPECT_EQ(w.oldest_at, 100);

  tx->throttles().remove_event(second);  // exactly that one
  w = tx->throttles().count_events("login:ab", 0);
  EXPECT_EQ(w.count, 2);
  EXPECT_EQ(w.oldest_at, 100);

  tx->throttles().clear_events("login:ab");
  EXPECT_EQ(tx->throttles().count_events("login:ab", 0).count, 0);
  EXPECT_EQ(tx->throttles().count_events("login.client:10.0.0.1", 0).count, 1);
  tx->commit();
}

TEST_P(SessionStoreTest, LockingAKeyTwiceInOneTransactionIsFine) {
  auto tx = store_->begin();
  tx->lock("lock.client:127.0.0.1");
  tx->lock("lock:00ff");
  tx->lock("lock.client:127.0.0.1");
  tx->throttles().add_event("login:00ff", 1);
  tx->commit();
}

AUTHLENS_STORE_BACKENDS(SessionStoreTest);

TEST_P(SessionStoreTest, ATransactionReadsTheSessionAsItsLocksLeaveIt) {
  const auto id = committed_account("ada@example.com");
  const Digest token = digest_of(7);
  {
    auto tx = store_->begin();
    tx->sessions().insert_session(session_row(token, id, 100, 200));
    tx->commit();
  }
  auto tx = store_->begin();
  const auto live = tx->sessions().find_session(token, 150);
  ASSERT_TRUE(live.has_value());
  EXPECT_EQ(live->account.id, id);
  EXPECT_FALSE(tx->sessions().find_session(token, 200).has_value()) << "expired";
  EXPECT_TRUE(tx->sessions().delete_session(token));
  EXPECT_FALSE(tx->sessions().find_session(token, 150).has_value()) << "ended in this transaction";
}

}  // namespace
}  // namespace authlens::store::testing
