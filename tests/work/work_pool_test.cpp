// The hashing pool's fairness: networks and clients served in turn, a flood pushed out for a
// lighter client, many sources of one network unable to crowd out another network. Workers are
// held by gates the test opens, and the test waits for what it needs to have happened (a job
// started, every job settled), never for a length of time.
#include "work/work_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace authlens::work {
namespace {

// A job that holds a worker until opened, and says when a worker has taken it.
class Gate {
 public:
  std::function<void()> job() {
    return [this] {
      started_.set_value();
      opened_.wait();
    };
  }
  void wait_started() { started_.get_future().wait(); }
  void open() { open_.set_value(); }

 private:
  std::promise<void> started_;
  std::promise<void> open_;
  std::shared_future<void> opened_ = open_.get_future().share();
};

// Records what ran and what was refused, in order, and can wait until every job is settled.
class Ledger {
 public:
  void submit(WorkPool& pool, PoolClient client, const std::string& label) {
    {
      std::lock_guard lock(mutex_);
      ++submitted_;
    }
    pool.submit(
        client, [this, label] { settle(ran_, label); }, [this, label] { settle(refused_, label); });
  }
  void wait_settled() {
    std::unique_lock lock(mutex_);
    settled_cv_.wait(lock, [this] { return ran_.size() + refused_.size() == submitted_; });
  }
  void wait_ran(std::size_t n) {
    std::unique_lock lock(mutex_);
    settled_cv_.wait(lock, [this, n] { return ran_.size() >= n; });
  }
  std::vector<std::string> ran() {
    std::lock_guard lock(mutex_);
    return ran_;
  }
  std::vector<std::string> refused() {
    std::lock_guard lock(mutex_);
    return refused_;
  }

 private:
  void settle(std::vector<std::string>& into, const std::string& label) {
    std::lock_guard lock(mutex_);
    into.push_back(label);
    settled_cv_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable settled_cv_;
  std::size_t submitted_ = 0;
  std::vector<std::string> ran_;
  std::vector<std::string> refused_;
};

// One worker held by a gate, so that the order of everything queued behind it is visible.
struct Harness {
  WorkPool pool;
  Gate gate;
  Ledger ledger;

  Harness(std::size_t threads, std::size_t queue) : pool(threads, queue) {}

  void block_worker() {
    pool.submit("gate", gate.job(), [] {});
    gate.wait_started();
  }
  void submit(PoolClient client, const std::string& label) { ledger.submit(pool, client, label); }
  void finish() {
    gate.open();
    ledger.wait_settled();
    pool.join();
  }
};

TEST(WorkPool, ServesWaitingClientsInTurnNotInArrivalOrder) {
  Harness h(1, 10);
  h.block_worker();
  for (int i = 1; i <= 4; ++i) h.submit("flooder", "f" + std::to_string(i));
  h.submit("neighbour", "n1");
  h.finish();
  // The neighbour's one job runs second, not after the flooder's four.
  EXPECT_EQ(h.ledger.ran(), (std::vector<std::string>{"f1", "n1", "f2", "f3", "f4"}));
  EXPECT_TRUE(h.ledger.refused().empty());
}

TEST(WorkPool, ANewcomerGoesAheadOfAClientAlreadyBeingServed) {
  WorkPool pool(2, 10);
  Gate first;
  Gate second;
  Ledger ledger;
  // Both workers busy with the flooder's jobs.
  pool.submit("flooder", first.job(), [] {});
  pool.submit("flooder", second.job(), [] {});
  first.wait_started();
  second.wait_started();
  ledger.submit(pool, "flooder", "f");
  ledger.submit(pool, "neighbour", "n");
  first.open();  // one worker frees up while the flooder still has a job running
  ledger.wait_ran(1);
  second.open();
  ledger.wait_settled();
  pool.join();
  EXPECT_EQ(ledger.ran(), (std::vector<std::string>{"n", "f"}))
      << "the flooder already had a job running";
}

TEST(WorkPool, AFullPoolPushesOutTheHeaviestClientsNewestJob) {
  Harness h(1, 3);  // 4 slots: the gate plus 3 queued
  h.block_worker();
  for (int i = 1; i <= 3; ++i) h.submit("flooder", "f" + std::to_string(i));
  h.submit("flooder", "f4");    // full, and the flooder is the heaviest: refused at once
  h.submit("neighbour", "n1");  // full, but lighter: f3 makes room
  EXPECT_EQ(h.ledger.refused(), (std::vector<std::string>{"f4", "f3"}));
  h.finish();
  EXPECT_EQ(h.ledger.ran(), (std::vector<std::string>{"f1", "n1", "f2"}));
}

// The README promised it, the code needed two: a client holding none takes the place of the
// newest job of a client holding one.
TEST(WorkPool, AClientHoldingNothingTakesRoomFromOneHoldingOneMore) {
  Harness h(1, 1);  // the gate plus one queued
  h.block_worker();
  h.submit("a", "a1");
  h.submit("b", "b1");  // b holds none, a holds one: a1 goes
  h.submit("c", "c1");  // c holds none, b holds one: b1 goes
  h.submit("c", "c2");  // c holds the most now: refused at once
  EXPECT_EQ(h.ledger.refused(), (std::vector<std::string>{"a1", "b1", "c2"}));
  h.finish();
  EXPECT_EQ(h.ledger.ran(), (std::vector<std::string>{"c1"}));
}

// 100 sources of one network, one job each, fill the pool; a client of another network is still
// admitted, and served next, while the sources push only each other out.
TEST(WorkPool, ManySourcesOfOneNetworkCannotCrowdOutAnotherNetwork) {
  Harness h(1, 8);
  h.block_worker();
  for (int i = 0; i < 100; ++i) {
    const std::string key = "198.51.100." + std::to_string(i);
    h.submit({key, "198.51.100.0/24"}, "s" + std::to_string(i));
  }
  h.submit({"192.0.2.7", "192.0.2.0/24"}, "legit");
  for (int i = 100; i < 120; ++i) {
    const std::string key = "198.51.100." + std::to_string(i);
    h.submit({key, "198.51.100.0/24"}, "s" + std::to_string(i));
  }
  {
    const auto refused = h.ledger.refused();
    EXPECT_EQ(std::count(refused.begin(), refused.end(), "legit"), 0);
    EXPECT_EQ(refused.size(), 120u - 8u + 1u) << "8 slots: 7 sources and the legit client";
  }
  h.finish();
  const auto ran = h.ledger.ran();
  ASSERT_EQ(ran.size(), 8u);
  // The sources' network waited longer, so one of its jobs runs first; then it is the other
  // network's turn. The sources that ran are the oldest ones: newer ones pushed out newer ones.
  EXPECT_EQ(ran[0], "s0");
  EXPECT_EQ(ran[1], "legit");
}

TEST(WorkPool, WithinANetworkTheLighterClientStillPushesTheHeavierOut) {
  Harness h(1, 3);
  h.block_worker();
  for (int i = 1; i <= 3; ++i) h.submit({"flooder", "net"}, "f" + std::to_string(i));
  h.submit({"neighbour", "net"}, "n1");  // same network, lighter client: f3 makes room
  EXPECT_EQ(h.ledger.refused(), (std::vector<std::string>{"f3"}));
  h.finish();
  EXPECT_EQ(h.ledger.ran(), (std::vector<std::string>{"f1", "n1", "f2"}));
}

TEST(WorkPool, ANetworkWithAJobRunningWaitsForOneWithNone) {
  WorkPool pool(2, 10);
  Gate busy;
  Gate other;
  Ledger ledger;
  pool.submit({"a", "net-a"}, busy.job(), [] {});
  pool.submit({"z", "net-z"}, other.job(), [] {});
  busy.wait_started();
  other.wait_started();
  ledger.submit(pool, {"b", "net-a"}, "net-a");  // another client, but net-a has one running
  ledger.submit(pool, {"c", "net-c"}, "net-c");
  other.open();  // one worker frees up while net-a still has a job running
  ledger.wait_ran(1);
  busy.open();
  ledger.wait_settled();
  pool.join();
  EXPECT_EQ(ledger.ran(), (std::vector<std::string>{"net-c", "net-a"}));
}

TEST(WorkPool, ASingleClientIsBoundedByThePool) {
  Harness h(1, 1);
  h.block_worker();
  h.submit("a", "a1");
  h.submit("a", "a2");  // gate + a1 fill the pool; "a" cannot push itself out
  h.finish();
  EXPECT_EQ(h.ledger.ran(), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(h.ledger.refused(), (std::vector<std::string>{"a2"}));
}

TEST(WorkPool, GivesTheSlotBackWhenAJobThrows) {
  WorkPool pool(1, 0);
  std::promise<void> thrown;
  pool.submit(
      "a",
      [&thrown] {
        thrown.set_value();
        throw std::runtime_error("bug");
      },
      [] {});
  thrown.get_future().wait();
  pool.join();  // the worker has finished the job: only its guard can have given the slot back
  EXPECT_EQ(pool.in_use(), 0u);
}

TEST(WorkPool, RefuseWaitingAnswersTheQueueAndKeepsServing) {
  Harness h(1, 5);
  h.block_worker();
  h.submit("a", "a1");
  h.submit("b", "b1");
  h.pool.refuse_waiting();
  EXPECT_EQ(h.ledger.refused(), (std::vector<std::string>{"a1", "b1"}));
  h.submit("a", "a2");  // the pool still takes work afterwards
  h.finish();
  EXPECT_EQ(h.ledger.ran(), (std::vector<std::string>{"a2"}));
}

TEST(WorkPool, JoinRefusesWhatIsStillQueued) {
  Harness h(1, 5);
  h.block_worker();
  h.submit("a", "a1");
  // join() refuses the queue first, then waits for the running gate: open it once a1 is refused.
  std::thread opener([&h] {
    h.ledger.wait_settled();
    h.gate.open();
  });
  h.pool.join();
  opener.join();
  EXPECT_EQ(h.ledger.refused(), (std::vector<std::string>{"a1"}));
}

}  // namespace
}  // namespace authlens::work
