// Sessions, account deletion and login-failure windows, on every backend.
#include "store_fixture.hpp"

namespace authlens::store::testing {
namespace {

using SessionStoreTest = StoreTest;

TEST_P(SessionStoreTest, SessionIsFoundWithItsAccountUntilItExpires) {
  const auto id = committed_account("ada@example.com", 50);
  {
    auto tx = store_->begin();
    tx->insert_session(digest_of(1), id, 100, 200);
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
  tx->insert_session(digest_of(1), id, 100, 200);
  EXPECT_TRUE(tx->delete_session(digest_of(1)));
  EXPECT_FALSE(tx->delete_session(digest_of(1)));
  tx->commit();
  EXPECT_FALSE(store_->find_session(digest_of(1), 150).has_value());
}

TEST_P(SessionStoreTest, DeleteSessionsOfKeepsOnlyTheGivenOne) {
  const auto ada = committed_account("ada@example.com");
  const auto bob = committed_account("bob@example.com");
  {
    auto tx = store_->begin();
    tx->insert_session(digest_of(1), ada, 100, 900);
    tx->insert_session(digest_of(2), ada, 100, 900);
    tx->insert_session(digest_of(3), ada, 100, 900);
    tx->insert_session(digest_of(4), bob, 100, 900);
    const Digest keep = digest_of(2);
    tx->delete_sessions_of(ada, &keep);
    tx->commit();
  }
  EXPECT_FALSE(store_->find_session(digest_of(1), 150).has_value());
  EXPECT_TRUE(store_->find_session(digest_of(2), 150).has_value());
  EXPECT_FALSE(store_->find_session(digest_of(3), 150).has_value());
  EXPECT_TRUE(store_->find_session(digest_of(4), 150).has_value()) << "other accounts untouched";

  {
    auto tx = store_->begin();
    tx->delete_sessions_of(ada, nullptr);
    tx->commit();
  }
  EXPECT_FALSE(store_->find_session(digest_of(2), 150).has_value());
  EXPECT_TRUE(store_->find_session(digest_of(4), 150).has_value());
}

TEST_P(SessionStoreTest, DeleteAccountRemovesSessionsCodesAndItsThrottleRows) {
  const auto ada = committed_account("ada@example.com");
  const auto bob = committed_account("bob@example.com");
  const std::string ada_key = "account:" + std::to_string(ada);
  const std::string bob_key = "account:" + std::to_string(bob);
  {
    auto tx = store_->begin();
    tx->insert_session(digest_of(1), ada, 100, 900);
    tx->insert_session(digest_of(2), bob, 100, 900);
    tx->put_code(Code{ada, CodePurpose::kReset, digest_of(5), 900, 0});
    tx->record_failure(ada_key, 100);
    tx->record_failure(bob_key, 100);
    tx->record_failure("client:127.0.0.1", 100);
    tx->enqueue_mail(mail_to("ada@example.com"), 100);
    tx->delete_account(ada);
    tx->commit();
  }
  EXPECT_FALSE(store_->find_session(digest_of(1), 150).has_value());
  EXPECT_TRUE(store_->find_session(digest_of(2), 150).has_value());
  EXPECT_EQ(store_->pending_mail_count(), 1) << "queued mail is left alone";

  auto tx = store_->begin();
  EXPECT_FALSE(tx->find_account_by_id(ada).has_value());
  EXPECT_FALSE(tx->find_code(ada, CodePurpose::kReset).has_value());
  EXPECT_EQ(tx->failures_since(ada_key, 0).count, 0);
  EXPECT_EQ(tx->failures_since(bob_key, 0).count, 1);
  EXPECT_EQ(tx->failures_since("client:127.0.0.1", 0).count, 1);
  // The address can register again.
  EXPECT_NO_THROW(tx->insert_account("ada@example.com", "h", 200));
  tx->commit();
}

TEST_P(SessionStoreTest, FailureWindowCountsFailuresSinceAGivenTime) {
  auto tx = store_->begin();
  EXPECT_EQ(tx->failures_since("account:1", 0).count, 0);
  EXPECT_EQ(tx->failures_since("account:1", 0).oldest_at, 0);

  tx->record_failure("account:1", 100);
  tx->record_failure("account:1", 160);
  tx->record_failure("account:1", 220);
  tx->record_failure("client:10.0.0.1", 150);

  auto w = tx->failures_since("account:1", 150);
  EXPECT_EQ(w.count, 2);
  EXPECT_EQ(w.oldest_at, 160);
  w = tx->failures_since("account:1", 100);
  EXPECT_EQ(w.count, 3) << "the window includes its start";
  EXPECT_EQ(w.oldest_at, 100);

  tx->clear_failures("account:1");
  EXPECT_EQ(tx->failures_since("account:1", 0).count, 0);
  EXPECT_EQ(tx->failures_since("client:10.0.0.1", 0).count, 1);
  tx->commit();
}

AUTHLENS_STORE_BACKENDS(SessionStoreTest);

}  // namespace
}  // namespace authlens::store::testing
