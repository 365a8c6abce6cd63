// The mail outbox: enqueue, claim with leases and in fair order (priority, then one client's
// message after another's), delivery outcome, cooldown queries.
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
  const auto id = tx->outbox().enqueue_mail(mail, now);
  tx->commit();
  return id;
}

TEST_P(OutboxStoreTest, QueuedMailIsClaimedWithEveryField) {
  auto mail = mail_to("ada@example.com");
  mail.tracestate = "vendor1=abc,vendor2=xyz";
  mail.client_key = "2001:db8:1:2::/64";
  mail.priority = MailPriority::kAccount;
  mail.client_address = "2001:db8::7";
  const auto id = enqueue(*store_, mail, 100);
  EXPECT_EQ(store_->pending_mail_count(), 1);

  const auto claimed = store_->claim_due_mail(100, 160, 10);
  ASSERT_EQ(claimed.size(), 1u);
  const QueuedMail& m = claimed[0];
  EXPECT_EQ(m.id, id);
  EXPECT_EQ(m.recipient, mail.recipient);
  EXPECT_EQ(m.kind, mail.kind);
  EXPECT_EQ(m.sealed_code, mail.sealed_code);
  EXPECT_EQ(m.code_ttl_s, 600);
  EXPECT_EQ(m.traceparent, mail.traceparent);
  EXPECT_EQ(m.tracestate, "vendor1=abc,vendor2=xyz");
  EXPECT_EQ(m.client_address, "2001:db8::7");
  EXPECT_EQ(m.created_at, 100);
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.client_key, "2001:db8:1:2::/64");
  EXPECT_EQ(m.priority, MailPriority::kAccount);
}

OutgoingMail from(const std::string& client, const std::string& recipient,
                  MailPriority priority = MailPriority::kNormal) {
  auto mail = mail_to(recipient);
  mail.client_key = client;
  mail.priority = priority;
  return mail;
}

std::vector<std::string> recipients(const std::vector<QueuedMail>& claimed) {
  std::vector<std::string> out;
  for (const auto& m : claimed) out.push_back(m.recipient);
  return out;
}

// 200 strangers' mails from ten clients, then one from a client with nothing queued: it is
// claimed in the first batch, not after the 200.
TEST_P(OutboxStoreTest, AClientsBacklogDelaysOnlyItsOwnMail) {
  for (int client = 0; client < 10; ++client)
    for (int i = 0; i < 20; ++i)
      enqueue(*store_,
              from("198.51.100." + std::to_string(client),
                   "s" + std::to_string(client) + "-" + std::to_string(i) + "@example.com"),
              100);
  enqueue(*store_, from("192.0.2.7", "legit@example.com"), 101);
  const auto first = store_->claim_due_mail(101, 160, 12);
  ASSERT_EQ(first.size(), 12u);
  const auto names = recipients(first);
  EXPECT_NE(std::find(names.begin(), names.end(), "legit@example.com"), names.end())
      << "the newcomer waits for one message of each client at most";
  // The first round: each client's first message, then the newcomer's, then the second round.
  for (int client = 0; client < 10; ++client)
    EXPECT_EQ(names[client], "s" + std::to_string(client) + "-0@example.com");
  EXPECT_EQ(names[10], "legit@example.com");
  EXPECT_EQ(names[11], "s0-1@example.com");
}

TEST_P(OutboxStoreTest, AClientArrivingLaterJoinsTheRoundBeingServed) {
  for (int i = 0; i < 10; ++i)
    enqueue(*store_, from("flood", "f" + std::to_string(i) + "@x.org"), 100);
  // The first four are being delivered (leased): the round being served is the fifth's.
  ASSERT_EQ(store_->claim_due_mail(100, 160, 4).size(), 4u);
  enqueue(*store_, from("calm", "calm@x.org"), 101);
  const auto next = recipients(store_->claim_due_mail(101, 160, 2));
  EXPECT_EQ(next, (std::vector<std::string>{"f4@x.org", "calm@x.org"}));
}

TEST_P(OutboxStoreTest, AnAccountsOwnMailGoesAheadOfStrangers) {
  for (int i = 0; i < 5; ++i)
    enqueue(
        *store_,
        from("s" + std::to_string(i), "s" + std::to_string(i) + "@x.org", MailPriority::kStranger),
        100);
  enqueue(*store_, from("again", "again@x.org", MailPriority::kNormal), 100);
  enqueue(*store_, from("owner", "owner@x.org", MailPriority::kAccount), 101);
  const auto next = recipients(store_->claim_due_mail(101, 160, 3));
  EXPECT_EQ(next, (std::vector<std::string>{"owner@x.org", "again@x.org", "s0@x.org"}));
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

TEST_P(OutboxStoreTest, MailWithoutACodeKeepsNoSeal) {
  auto mail = mail_to("ada@example.com", "reset_unknown");
  mail.sealed_code.clear();
  const auto id = enqueue(*store_, mail, 100);
  const auto claimed = store_->claim_due_mail(100, 160, 10);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_TRUE(claimed[0].sealed_code.empty());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE sealed_code IS NULL AND id = " +
                   std::to_string(id)),
            1);
}

TEST_P(OutboxStoreTest, SentMailLeavesTheQueueAndItsSealedCodeIsDropped) {
  const auto id = enqueue(*store_, mail_to("ada@example.com", "verify"), 100);
  const auto sealed_rows = [&] {
    return scalar("SELECT COUNT(*) FROM outbox WHERE sealed_code IS NOT NULL");
  };
  EXPECT_EQ(sealed_rows(), 1);
  ASSERT_EQ(store_->claim_due_mail(100, 160, 10).size(), 1u);
  store_->mark_mail_sent(id, 130);
  EXPECT_EQ(store_->pending_mail_count(), 0);
  EXPECT_TRUE(store_->claim_due_mail(1000, 1060, 10).empty());
  EXPECT_EQ(sealed_rows(), 0) << "nothing needs the code once the message has left";
}

TEST_P(OutboxStoreTest, FailedMailIsRetriedAfterItsBackoffWithItsSeal) {
  const auto id = enqueue(*store_, mail_to("ada@example.com"), 100);
  ASSERT_EQ(store_->claim_due_mail(100, 160, 10).size(), 1u);
  store_->mark_mail_failed(id, 1, 200, "421 try later");
  EXPECT_EQ(store_->pending_mail_count(), 1);
  EXPECT_TRUE(store_->claim_due_mail(199, 260, 10).empty()) << "not before next_attempt_at";
  const auto again = store_->claim_due_mail(200, 260, 10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
  EXPECT_FALSE(again[0].sealed_code.empty()) << "a retry still needs its code";
}

TEST_P(OutboxStoreTest, ParkedMailIsNotPendingAndDropsItsSeal) {
  const auto id = enqueue(*store_, mail_to("ada@example.com"), 100);
  ASSERT_EQ(store_->claim_due_mail(100, 160, 10).size(), 1u);
  store_->mark_mail_failed(id, 1, kNeverRetry, "550 no such user");
  EXPECT_EQ(store_->pending_mail_count(), 0);
  EXPECT_TRUE(store_->claim_due_mail(1'000'000, 1'000'060, 10).empty());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE sealed_code IS NOT NULL"), 0);
}

TEST_P(OutboxStoreTest, DeletePendingMailDropsOnlyUnsentMailOfThoseKindsToThatAddress) {
  const auto sent = enqueue(*store_, mail_to("ada@example.com", "verify"), 100);
  store_->claim_due_mail(100, 160, 10);
  store_->mark_mail_sent(sent, 110);
  enqueue(*store_, mail_to("ada@example.com", "verify"), 120);
  enqueue(*store_, mail_to("ada@example.com", "verify_existing"), 120);
  enqueue(*store_, mail_to("ada@example.com", "reset"), 120);
  enqueue(*store_, mail_to("bob@example.com", "verify"), 120);
  {
    auto tx = store_->begin();
    tx->outbox().delete_pending_mail("ada@example.com", "verify", "verify_existing");
    tx->commit();
  }
  EXPECT_EQ(store_->pending_mail_count(), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"), 1) << "sent stays";
}

TEST_P(OutboxStoreTest, DeletePendingMailLeavesMailBeingDelivered) {
  const auto in_flight = enqueue(*store_, mail_to("ada@example.com", "verify"), 100);
  ASSERT_EQ(store_->claim_due_mail(100, 160, 10).size(), 1u);
  {
    auto tx = store_->begin();
    tx->outbox().delete_pending_mail("ada@example.com", "verify", "verify_existing");
    tx->outbox().delete_mail_to("ada@example.com");
    tx->commit();
  }
  store_->mark_mail_sent(in_flight, 120);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE sent_at = 120"), 1);
}

TEST_P(OutboxStoreTest, DeleteMailToDropsEverythingOfThatAddressButMailInFlight) {
  const auto sent = enqueue(*store_, mail_to("ada@example.com", "verify"), 100);
  store_->claim_due_mail(100, 160, 10);
  store_->mark_mail_sent(sent, 110);
  enqueue(*store_, mail_to("ada@example.com", "reset"), 120);
  enqueue(*store_, mail_to("bob@example.com", "reset"), 120);
  {
    auto tx = store_->begin();
    tx->outbox().delete_mail_to("ada@example.com");
    tx->commit();
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE recipient = 'ada@example.com'"), 0);
  EXPECT_EQ(store_->pending_mail_count(), 1);
}

TEST_P(OutboxStoreTest, MailQueuedInARolledBackTransactionIsGone) {
  {
    auto tx = store_->begin();
    tx->outbox().enqueue_mail(mail_to("ada@example.com"), 100);
  }
  EXPECT_EQ(store_->pending_mail_count(), 0);
  EXPECT_TRUE(store_->claim_due_mail(100, 160, 10).empty());
}

AUTHLENS_STORE_BACKENDS(OutboxStoreTest);

}  // namespace
}  // namespace authlens::store::testing
