#include "mail/outbox_worker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "fake_mailer.hpp"
#include "fake_store.hpp"
#include "mail/templates.hpp"
#include "telemetry/trace/api/traceparent.hpp"
#include "test_telemetry.hpp"

namespace authlens::mail {
namespace {

using namespace std::chrono_literals;
using Outcome = DeliveryResult::Outcome;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class CountingObserver final : public DeliveryObserver {
 public:
  void on_delivery(std::string_view result) override {
    std::lock_guard lock(mu_);
    results_.emplace_back(result);
  }
  std::vector<std::string> results() const {
    std::lock_guard lock(mu_);
    return results_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> results_;
};

template <typename Predicate>
bool eventually(Predicate p, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (p()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return p();
}

class OutboxWorkerTest : public ::testing::Test {
 protected:
  OutboxWorkerTest() { options_.poll_interval = 20ms; }

  OutboxWorker make_worker() {
    return OutboxWorker(store_, mailer_, log_.logger(), tracer_.tracer, options_, &observer_);
  }
  // A sign-up code mail as the domain queues it: the code sealed, nothing rendered yet.
  std::int64_t queue(std::string traceparent = {}, std::int64_t created_at = unix_now(),
                     std::string_view code = "161803") {
    store::OutgoingMail mail;
    mail.recipient = "ada@example.com";
    mail.kind = std::string(kind::kVerify);
    mail.sealed_code = CodeSeal(store_.server_key()).seal(code, mail.recipient, mail.kind);
    mail.code_ttl_s = 600;
    mail.traceparent = std::move(traceparent);
    return store_.add(std::move(mail), created_at);
  }

  testing::FakeStore store_;
  testing::FakeMailer mailer_;
  testing::TestLogger log_;
  testing::TestTracer tracer_;
  CountingObserver observer_;
  OutboxOptions options_;
};

TEST_F(OutboxWorkerTest, DeliversAndMarksSent) {
  const auto id = queue();
  OutboxWorker worker = make_worker();
  worker.start();
  worker.wake();
  ASSERT_TRUE(eventually([&] { return store_.row(id).sent; }));
  worker.stop(1s);
  EXPECT_EQ(mailer_.delivered(), std::vector<std::int64_t>{id});
  EXPECT_EQ(observer_.results(), std::vector<std::string>{"sent"});
  EXPECT_EQ(store_.pending_mail_count(), 0);
}

TEST_F(OutboxWorkerTest, WakeDeliversWithoutWaitingForThePoll) {
  options_.poll_interval = 1h;
  OutboxWorker worker = make_worker();
  worker.start();
  ASSERT_TRUE(eventually([&] { return store_.claims.load() >= 1; }));
  const auto id = queue();
  worker.wake();
  EXPECT_TRUE(eventually([&] { return store_.row(id).sent; }, 2s));
  worker.stop(1s);
}

TEST_F(OutboxWorkerTest, RetriesWithGrowingCappedBackoff) {
  options_.backoff_base = 2s;
  options_.backoff_max = 10s;
  mailer_.answer = [](const store::QueuedMail&) {
    return DeliveryResult{Outcome::kRetry, "smtp: connection refused"};
  };
  const auto id = queue();
  OutboxWorker worker = make_worker();

  std::vector<std::int64_t> delays;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    const std::int64_t before = unix_now();
    ASSERT_EQ(worker.run_once(), 1u);
    const auto row = store_.row(id);
    EXPECT_FALSE(row.sent);
    EXPECT_EQ(row.mail.attempts, attempt);
    EXPECT_EQ(row.last_error, "smtp: connection refused");
    delays.push_back(row.next_attempt_at - before);
    EXPECT_EQ(worker.run_once(), 0u) << "not due again before its backoff";
    store_.make_due(id);
  }
  // 2^(n-1) * base, shortened by at most a quarter, capped at 10 (+1 s for clock ticks).
  EXPECT_GE(delays[0], 1);
  EXPECT_LE(delays[0], 3);
  EXPECT_GE(delays[1], 3);
  EXPECT_LE(delays[1], 5);
  EXPECT_GE(delays[2], 6);
  EXPECT_LE(delays[2], 9);
  for (std::size_t i = 1; i < 3; ++i) EXPECT_GT(delays[i], delays[i - 1]);
  for (std::size_t i = 3; i < delays.size(); ++i) {
    EXPECT_GE(delays[i], 7);
    EXPECT_LE(delays[i], 11);
  }
  EXPECT_EQ(mailer_.delivered().size(), 5u);
  EXPECT_EQ(observer_.results(), std::vector<std::string>(5, "retry"));
}

TEST_F(OutboxWorkerTest, RejectedMailIsParkedForGood) {
  mailer_.answer = [](const store::QueuedMail&) {
    return DeliveryResult{Outcome::kRejected, "smtp: RCPT failed: 550"};
  };
  const auto id = queue();
  OutboxWorker worker = make_worker();
  ASSERT_EQ(worker.run_once(), 1u);
  const auto row = store_.row(id);
  EXPECT_FALSE(row.sent);
  EXPECT_EQ(row.next_attempt_at, kNeverRetry);
  EXPECT_EQ(row.mail.attempts, 1);
  store_.expire_leases();
  EXPECT_EQ(worker.run_once(), 0u);
  EXPECT_EQ(observer_.results(), std::vector<std::string>{"failed"});
}

TEST_F(OutboxWorkerTest, FailingToRecordSentNeverDeliversTwice) {
  const auto id = queue();
  store_.fail_mark_sent = 2;  // once right after delivery, once on the next pass's retry
  OutboxWorker worker = make_worker();

  ASSERT_EQ(worker.run_once(), 1u);
  EXPECT_FALSE(store_.row(id).sent);
  store_.expire_leases();  // the row comes back to us, as after a lease timeout
  ASSERT_EQ(worker.run_once(), 1u);
  EXPECT_FALSE(store_.row(id).sent);
  EXPECT_EQ(mailer_.delivered().size(), 1u) << "claimed again but not delivered again";

  store_.expire_leases();
  EXPECT_EQ(worker.run_once(), 0u) << "recorded first, so nothing is due";
  EXPECT_TRUE(store_.row(id).sent);
  EXPECT_EQ(mailer_.delivered().size(), 1u);
  EXPECT_EQ(observer_.results(), std::vector<std::string>{"sent"});
}

TEST_F(OutboxWorkerTest, RecordsTheTimeTheServerAcceptedIt) {
  const auto id = queue();
  store_.fail_mark_sent = 1;
  OutboxWorker worker = make_worker();
  const std::int64_t before = unix_now();
  worker.run_once();
  worker.run_once();
  EXPECT_TRUE(store_.row(id).sent);
  EXPECT_GE(store_.row(id).sent_at, before);
  EXPECT_LE(store_.row(id).sent_at, unix_now());
}

TEST_F(OutboxWorkerTest, SurvivesAStoreThatThrows) {
  const auto id = queue();
  store_.fail_claims = 3;
  OutboxWorker worker = make_worker();
  worker.start();
  ASSERT_TRUE(eventually([&] { return store_.row(id).sent; }));
  worker.stop(1s);
  EXPECT_GE(store_.claims.load(), 4);
  EXPECT_EQ(mailer_.delivered().size(), 1u);
  const std::string out = log_.output();
  EXPECT_NE(out.find("mail outbox unavailable"), std::string::npos) << out;
  EXPECT_NE(out.find("reachable again"), std::string::npos) << out;
}

TEST_F(OutboxWorkerTest, SurvivesAMailerThatThrows) {
  const auto id = queue();
  mailer_.answer = [](const store::QueuedMail&) -> DeliveryResult {
    throw std::runtime_error("boom");
  };
  OutboxWorker worker = make_worker();
  worker.run_once();
  EXPECT_EQ(store_.row(id).mail.attempts, 1);
  EXPECT_NE(store_.row(id).last_error.find("boom"), std::string::npos);
}

TEST_F(OutboxWorkerTest, DeliversABacklogInBatches) {
  options_.batch_size = 4;
  for (int i = 0; i < 10; ++i) queue();
  OutboxWorker worker = make_worker();
  worker.start();
  EXPECT_TRUE(eventually([&] { return store_.pending_mail_count() == 0; }));
  worker.stop(1s);
  EXPECT_EQ(mailer_.delivered().size(), 10u);
}

// A relay taking 50 ms a message delivers a backlog `senders` times faster.
TEST_F(OutboxWorkerTest, DeliversAsManyAtOnceAsThereAreSenders) {
  options_.senders = 3;
  options_.batch_size = 1;
  for (int i = 0; i < 6; ++i) queue();
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  int most = 0;
  mailer_.answer = [&](const store::QueuedMail&) {
    std::unique_lock lock(mu);
    most = std::max(most, ++in_flight);
    cv.notify_all();
    // Held until three are in flight at once; the time limit only ends a failing run.
    cv.wait_for(lock, 2s, [&] { return most >= 3; });
    --in_flight;
    return DeliveryResult{Outcome::kSent, {}};
  };
  OutboxWorker worker = make_worker();
  worker.start();
  EXPECT_TRUE(eventually([&] { return store_.pending_mail_count() == 0; }));
  worker.stop(1s);
  EXPECT_EQ(most, 3);
  EXPECT_EQ(mailer_.delivered().size(), 6u) << "each message once";
}

TEST_F(OutboxWorkerTest, StopReturnsPromptlyWhenIdle) {
  options_.poll_interval = 1h;
  OutboxWorker worker = make_worker();
  worker.start();
  ASSERT_TRUE(eventually([&] { return store_.claims.load() >= 1; }));
  const auto start = std::chrono::steady_clock::now();
  worker.stop(2s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
  EXPECT_FALSE(mailer_.cancelled());
}

TEST_F(OutboxWorkerTest, StopCancelsADeliveryThatOutlivesTheGrace) {
  const auto id = queue();
  mailer_.block_until_cancel = true;
  OutboxWorker worker = make_worker();
  worker.start();
  ASSERT_TRUE(mailer_.wait_for_deliveries(1, 5s));
  const auto start = std::chrono::steady_clock::now();
  worker.stop(200ms);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 190ms);
  EXPECT_LT(took, 1s);
  EXPECT_TRUE(mailer_.cancelled());
  EXPECT_FALSE(store_.row(id).sent) << "still queued for the next start";
  EXPECT_EQ(store_.row(id).mail.attempts, 1);
}

TEST_F(OutboxWorkerTest, DeliverySpanContinuesTheQueuingTrace) {
  const std::string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  queue(traceparent);
  OutboxWorker worker = make_worker();
  worker.run_once();

  const auto spans = tracer_.finished();
  ASSERT_EQ(spans.size(), 1u);
  const auto& span = *spans[0];
  EXPECT_EQ(span.name, "mail deliver");
  EXPECT_EQ(span.kind, trace::SpanKind::kClient);
  EXPECT_EQ(trace::to_hex(span.context.trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(trace::to_hex(span.parent_span_id), "00f067aa0ba902b7");
  auto find = [&](std::string_view key) -> const trace::AttributeValue* {
    for (const auto& a : span.attributes)
      if (a.key == key) return &a.value;
    return nullptr;
  };
  ASSERT_NE(find("email.kind"), nullptr);
  EXPECT_EQ(std::get<std::string>(*find("email.kind")), "verify");
  ASSERT_NE(find("mail.attempt"), nullptr);
  EXPECT_EQ(std::get<std::int64_t>(*find("mail.attempt")), 1);
  ASSERT_NE(find("server.address"), nullptr);
  EXPECT_EQ(std::get<std::string>(*find("server.address")), "mail.test");
  for (const auto& a : span.attributes) {
    if (const auto* s = std::get_if<std::string>(&a.value)) {
      EXPECT_EQ(s->find("ada@example.com"), std::string::npos) << a.key;
      EXPECT_EQ(s->find("161803"), std::string::npos) << a.key;
    }
  }
}

TEST_F(OutboxWorkerTest, MailWithoutTraceparentStartsItsOwnTrace) {
  queue();
  mailer_.answer = [](const store::QueuedMail&) {
    return DeliveryResult{Outcome::kRetry, "smtp: timeout"};
  };
  OutboxWorker worker = make_worker();
  worker.run_once();
  const auto spans = tracer_.finished();
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_FALSE(spans[0]->has_parent());
  EXPECT_EQ(spans[0]->status, trace::StatusCode::kError);
}

TEST_F(OutboxWorkerTest, LogsNeitherCodesNorAddresses) {
  queue();
  store_.fail_mark_sent = 1;
  OutboxWorker worker = make_worker();
  worker.run_once();
  worker.run_once();
  const std::string out = log_.output();
  EXPECT_NE(out.find("mail delivered but not marked sent"), std::string::npos) << out;
  EXPECT_EQ(out.find("161803"), std::string::npos) << out;
  EXPECT_EQ(out.find("ada@example.com"), std::string::npos) << out;
}

TEST_F(OutboxWorkerTest, RendersTheSealedCodeOnlyWhenItSends) {
  const auto id = queue({}, unix_now(), "314159");
  OutboxWorker worker = make_worker();
  ASSERT_EQ(worker.run_once(), 1u);
  const auto messages = mailer_.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].text_body.find("\n314159\n"), std::string::npos) << messages[0].text_body;
  EXPECT_NE(messages[0].text_body.find("expires in"), std::string::npos);
  EXPECT_TRUE(store_.row(id).sent);
  EXPECT_TRUE(store_.row(id).mail.sealed_code.empty()) << "the seal goes once the mail has left";
}

TEST_F(OutboxWorkerTest, ACodeThatExpiredWhileQueuedIsParkedNotSent) {
  const auto id = queue({}, unix_now() - 601);  // queued 601 s ago, lives 600 s
  OutboxWorker worker = make_worker();
  ASSERT_EQ(worker.run_once(), 1u);
  EXPECT_TRUE(mailer_.delivered().empty());
  const auto row = store_.row(id);
  EXPECT_FALSE(row.sent);
  EXPECT_EQ(row.next_attempt_at, kNeverRetry);
  EXPECT_EQ(row.last_error, "code expired before delivery");
  EXPECT_TRUE(row.mail.sealed_code.empty());
  EXPECT_EQ(observer_.results(), std::vector<std::string>{"failed"});
}

TEST_F(OutboxWorkerTest, ASealMadeForAnotherMessageIsNotOpened) {
  store::OutgoingMail mail;
  mail.recipient = "mallory@example.com";
  mail.kind = std::string(kind::kVerify);
  // Sealed for ada: moving it to another row must not deliver ada's code to mallory.
  mail.sealed_code = CodeSeal(store_.server_key()).seal("161803", "ada@example.com", mail.kind);
  mail.code_ttl_s = 600;
  const auto id = store_.add(std::move(mail), unix_now());
  OutboxWorker worker = make_worker();
  ASSERT_EQ(worker.run_once(), 1u);
  EXPECT_TRUE(mailer_.delivered().empty());
  EXPECT_EQ(store_.row(id).last_error, "sealed code cannot be opened");
}

}  // namespace
}  // namespace authlens::mail
