// Transactions, migrations, the server key, housekeeping and concurrent use, on every backend.
#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace authlens::store::testing {
namespace {

using LifecycleStoreTest = StoreTest;

TEST_P(LifecycleStoreTest, UncommittedTransactionRollsBack) {
  {
    auto tx = store_->begin();
    tx->accounts().insert_account("ada@example.com", "h", 1);
  }
  auto tx = store_->begin();
  EXPECT_FALSE(tx->accounts().find_account_by_email("ada@example.com").has_value());
}

TEST_P(LifecycleStoreTest, CommittedWorkIsVisibleToLaterTransactions) {
  const auto id = committed_account("ada@example.com");
  auto tx = store_->begin();
  EXPECT_EQ(tx->accounts().find_account_by_email("ada@example.com")->id, id);
}

TEST_P(LifecycleStoreTest, CommitTwiceIsAnError) {
  auto tx = store_->begin();
  tx->commit();
  EXPECT_THROW(tx->commit(), StoreError);
}

TEST_P(LifecycleStoreTest, ReopeningKeepsDataAndServerKey) {
  const Digest key = store_->server_key();
  EXPECT_NE(key, Digest{}) << "the key is random, not zero";
  const auto id = committed_account("ada@example.com");
  reopen();  // migrations run again and must change nothing
  reopen();
  EXPECT_EQ(store_->server_key(), key);
  auto tx = store_->begin();
  EXPECT_EQ(tx->accounts().find_account_by_email("ada@example.com")->id, id);
}

TEST_P(LifecycleStoreTest, PingAnswers) { EXPECT_TRUE(store_->ping()); }

TEST_P(LifecycleStoreTest, PurgeRemovesOnlyWhatIsOld) {
  const auto id = committed_account("ada@example.com");
  const std::int64_t now = 100000;
  std::int64_t old_mail = 0;
  std::int64_t new_mail = 0;
  {
    auto tx = store_->begin();
    tx->sessions().insert_session(session_row(digest_of(1), id, 1, now - 1));  // expired
    tx->sessions().insert_session(session_row(digest_of(2), id, 1, now + 100));
    tx->codes().put_code(digest_of(7), CodePurpose::kVerify,
                         Code{digest_of(3), 1, now - 1});  // expired
    tx->codes().put_code(digest_of(7), CodePurpose::kReset, Code{digest_of(4), 1, now + 100});
    tx->throttles().add_event("login:ab", 1);  // far older than any throttle window
    tx->throttles().add_event("login:ab", now - 60);
    old_mail = tx->outbox().enqueue_mail(mail_to("a@example.com"), 10);
    new_mail = tx->outbox().enqueue_mail(mail_to("b@example.com"), 10);
    tx->outbox().enqueue_mail(mail_to("c@example.com"), 10);  // never sent: must survive
    tx->commit();
  }
  ASSERT_EQ(store_->claim_due_mail(10, 20, 10).size(), 3u);
  store_->mark_mail_sent(old_mail, 50);
  store_->mark_mail_sent(new_mail, now - 10);

  store_->purge(now, now - 86400, now - 1000);

  EXPECT_TRUE(store_->find_session(digest_of(2), now).has_value());
  EXPECT_EQ(store_->pending_mail_count(), 1);
  auto tx = store_->begin();
  EXPECT_FALSE(tx->codes().find_code(digest_of(7), CodePurpose::kVerify).has_value());
  EXPECT_TRUE(tx->codes().find_code(digest_of(7), CodePurpose::kReset).has_value());
  EXPECT_EQ(tx->throttles().count_events("login:ab", 0).count, 1);
  tx->commit();
  // Sent before the cut: gone; sent after it, and never sent: still there.
  EXPECT_TRUE(store_->claim_due_mail(now, now + 60, 10).size() == 1u);
  auto remaining = store_->begin();
  remaining->outbox().delete_mail_to("a@example.com");
  remaining->outbox().delete_mail_to("b@example.com");
  remaining->commit();
}

TEST_P(LifecycleStoreTest, ConcurrentFlowsAllSucceed) {
  constexpr int kThreads = 6;  // more than the pool, so borrowers queue
  constexpr int kEach = 15;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const auto email = "u" + std::to_string(t) + "-" + std::to_string(i) + "@example.com";
        auto tx = store_->begin();
        EXPECT_FALSE(tx->accounts().find_account_by_email(email).has_value());
        const auto id = tx->accounts().insert_account(email, "h", 1);
        const Digest token = digest_of(static_cast<std::uint8_t>(t * kEach + i));
        tx->sessions().insert_session(session_row(token, id, 1, 1000));
        tx->commit();
        const auto s = store_->find_session(token, 2);
        ASSERT_TRUE(s.has_value());
        EXPECT_EQ(s->account.email, email);
      }
    });
  }
  for (auto& t : threads) t.join();
  auto tx = store_->begin();
  EXPECT_TRUE(tx->accounts().find_account_by_email("u5-14@example.com").has_value());
}

TEST_P(LifecycleStoreTest, SameAddressRegisteredConcurrentlyOnlyOnce) {
  // The domain locks the address, checks, then inserts; the lock must make that safe across
  // connections (PostgreSQL's READ COMMITTED would otherwise let both see "no account").
  constexpr int kThreads = 4;
  std::atomic<int> inserted{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      try {
        auto tx = store_->begin();
        tx->lock("lock:ada");
        if (!tx->accounts().find_account_by_email("ada@example.com")) {
          tx->accounts().insert_account("ada@example.com", "h", 1);
          ++inserted;
        }
        tx->commit();
      } catch (const StoreError&) {
        ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(inserted.load(), 1);
  EXPECT_EQ(errors.load(), 0);
}

AUTHLENS_STORE_BACKENDS(LifecycleStoreTest);

}  // namespace
}  // namespace authlens::store::testing
