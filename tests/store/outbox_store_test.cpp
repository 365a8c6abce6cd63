// The mail outbox: enqueue, claim with leases, delivery outcome, cooldown queries.
#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace authlens::store::testing {
namespace {

using OutboxStoreTest = StoreTest;

std::int64_t enqueue(Store& store, const OutgoingMail& mail, std::int64_t now) {
  auto tx = store.begin();
  const auto id = tx->enqueue_mail(mail, now);
  tx->commit();
  return id;
}

TEST_P(OutboxStoreTest, QueuedMailIsClaimedWithEveryField) {
  auto mail = mail_to("ada@example.com");
  mail.tracestate = "vendor1=abc,vendor2=xyz";
  const auto id = enqueue(*store_, mail, 100);
  EXPECT_EQ(store_->pending_mail_count(), 1);

  const auto claimed = store_->claim_due_mail(100, 160, 10);
  ASSERT_EQ(claimed.size(), 1u);
  const QueuedMail& m = claimed[0];
  EXPECT_EQ(m.id, id);
  EXPECT_EQ(m.recipient, mail.recipient);
  EXPECT_EQ(m.kind, mail.kind);
  EXPECT_EQ(m.subject, mail.subject);
  EXPECT_EQ(m.text_body, mail.text_body);
  EXPECT_EQ(m.html_body, mail.html_body);
  EXPECT_EQ(m.traceparent, mail.traceparent);
  EXPECT_EQ(m.tracestate, "vendor1=abc,vendor2=xyz");
  EXPECT_EQ(m.created_at, 100);
  EXPECT_EQ(m.attempts, 0);
}

TEST_P(OutboxStoreTest, ClaimTakesOldestFirstUpToTheLimit) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(enqueue(*store_, mail_to("a@example.com"), 100));
  const auto first = store_->claim_due_mail(100, 160, 3);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].id, ids[0]);
  EXPECT_EQ(first[1].id, ids[1]);
  EXPECT_EQ(first[2].id, ids[2]);
  const auto rest = store_->claim_due_mail(100, 160, 3);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].id, ids[3]);
  EXPECT_EQ(rest[1].id, ids[4]);
}

TEST_P(OutboxStoreTest, LeasePreventsASecondClaimUntilItExpires) {
  enqueue(*store_, mail_to("ada@example.com"), 100);
  ASSERT_EQ(store_->claim_due_mail(100, 160, 10).size(), 1u);
  EXPECT_TRUE(store_->claim_due_mail(120, 180, 10).empty()) << "leased until 160";
  EXPECT_EQ(store_->claim_due_mail(160, 220, 10).size(), 1u) << "lease ran out (worker died)";
}

TEST_P(OutboxStoreTest, ConcurrentClaimsTakeDisjointRows) {
  for (int i = 0; i < 40; ++i) enqueue(*store_, mail_to("a@example.com"), 100);
  std::vector<std::vector<QueuedMail>> got(4);
  std::vector<std::thread> workers;
  for (auto& mine : got) {
    workers.emplace_back([&] {
      for (int round = 0; round < 10; ++round) {
        for (auto& m : store_->claim_due_mail(100, 1000, 3)) mine.push_back(m);
      }
    });
  }
  for (auto& w : workers) w.join();
  std::set<std::int64_t> seen;
  std::size_t total = 0;
  for (const auto& mine : got) {
    for (const auto& m : mine) seen.insert(m.id);
    total += mine.size();
  }
  EXPECT_EQ(total, 40u);
  EXPECT_EQ(seen.size(), 40u) << "no message claimed twice";
}

TEST_P(OutboxStoreTest, SentMailLeavesTheQueueAndStartsTheCooldown) {
  const auto id = enqueue(*store_, mail_to("ada@example.com", "verify"), 100);
  {
    auto tx = store_->begin();
    EXPECT_FALSE(tx->last_mail_sent_at("ada@example.com", "verify").has_value())
        << "queued is not sent";
  }
  ASSERT_EQ(store_->claim_due_mail(100, 160, 10).size(), 1u);
  store_->mark_mail_sent(id, 130);
  EXPECT_EQ(store_->pending_mail_count(), 0);
  EXPECT_TRUE(store_->claim_due_mail(1000, 1060, 10).empty());

  auto tx = store_->begin();
  EXPECT_EQ(tx->last_mail_sent_at("ada@example.com", "verify"), 130);
  EXPECT_FALSE(tx->last_mail_sent_at("ada@example.com", "reset").has_value());
  EXPECT_FALSE(tx->last_mail_sent_at("bob@example.com", "verify").has_value());
}

TEST_P(OutboxStoreTest, FailedMailIsRetriedAfterItsBackoff) {
  const auto id = enqueue(*store_, mail_to("ada@example.com"), 100);
  ASSERT_EQ(store_->claim_due_mail(100, 160, 10).size(), 1u);
  store_->mark_mail_failed(id, 1, 200, "421 try later");
  EXPECT_EQ(store_->pending_mail_count(), 1);
  EXPECT_TRUE(store_->claim_due_mail(199, 260, 10).empty()) << "not before next_attempt_at";
  const auto again = store_->claim_due_mail(200, 260, 10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
  auto tx = store_->begin();
  EXPECT_FALSE(tx->last_mail_sent_at("ada@example.com", "verify").has_value())
      << "failures don't count as sent";
}

TEST_P(OutboxStoreTest, DeletePendingMailDropsOnlyUnsentMailOfThatKindAndAddress) {
  const auto sent = enqueue(*store_, mail_to("ada@example.com", "verify"), 100);
  store_->claim_due_mail(100, 160, 10);
  store_->mark_mail_sent(sent, 110);
  enqueue(*store_, mail_to("ada@example.com", "verify"), 120);
  enqueue(*store_, mail_to("ada@example.com", "reset"), 120);
  enqueue(*store_, mail_to("bob@example.com", "verify"), 120);
  {
    auto tx = store_->begin();
    tx->delete_pending_mail("ada@example.com", "verify");
    EXPECT_EQ(tx->last_mail_sent_at("ada@example.com", "verify"), 110) << "sent mail stays";
    tx->commit();
  }
  EXPECT_EQ(store_->pending_mail_count(), 2);
}

TEST_P(OutboxStoreTest, DeletePendingMailLeavesMailBeingDelivered) {
  const auto in_flight = enqueue(*store_, mail_to("ada@example.com", "verify"), 100);
  ASSERT_EQ(store_->claim_due_mail(100, 160, 10).size(), 1u);
  {
    auto tx = store_->begin();
    tx->delete_pending_mail("ada@example.com", "verify");
    tx->commit();
  }
  store_->mark_mail_sent(in_flight, 120);
  auto tx = store_->begin();
  EXPECT_EQ(tx->last_mail_sent_at("ada@example.com", "verify"), 120);
}

TEST_P(OutboxStoreTest, MailQueuedInARolledBackTransactionIsGone) {
  {
    auto tx = store_->begin();
    tx->enqueue_mail(mail_to("ada@example.com"), 100);
  }
  EXPECT_EQ(store_->pending_mail_count(), 0);
  EXPECT_TRUE(store_->claim_due_mail(100, 160, 10).empty());
}

AUTHLENS_STORE_BACKENDS(OutboxStoreTest);

}  // namespace
}  // namespace authlens::store::testing
