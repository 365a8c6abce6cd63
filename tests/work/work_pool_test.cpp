// The hashing pool's fairness: clients served in turn, a flood pushed out for a lighter client.
#include "work/work_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace authlens::work {
namespace {

using namespace std::chrono_literals;

// One worker held busy by a gate, so that the order of everything queued behind it is visible.
struct Harness {
  WorkPool pool;
  std::atomic<bool> open{false};
  std::mutex mutex;
  std::vector<std::string> ran;
  std::vector<std::string> refused;

  Harness(std::size_t threads, std::size_t queue) : pool(threads, queue) {}

  void block_worker() {
    pool.submit(
        "gate",
        [this] {
          while (!open) std::this_thread::sleep_for(1ms);
        },
        [] {});
    while (pool.in_use() == 0) std::this_thread::sleep_for(1ms);
    std::this_thread::sleep_for(20ms);  // the worker has taken the gate job
  }
  void submit(const std::string& client, const std::string& label) {
    pool.submit(
        client,
        [this, label] {
          std::lock_guard lock(mutex);
          ran.push_back(label);
        },
        [this, label] {
          std::lock_guard lock(mutex);
          refused.push_back(label);
        });
  }
  void finish() {
    open = true;
    for (int i = 0; i < 1000 && pool.in_use() > 0; ++i) std::this_thread::sleep_for(1ms);
    pool.join();
  }
};

TEST(WorkPool, ServesWaitingClientsInTurnNotInArrivalOrder) {
  Harness h(1, 10);
  h.block_worker();
  for (int i = 1; i <= 4; ++i) h.submit("flooder", "f" + std::to_string(i));
  h.submit("neighbour", "n1");
  h.finish();
  ASSERT_EQ(h.ran.size(), 5u);
  // The neighbour's one job runs second, not after the flooder's four.
  EXPECT_EQ(h.ran[0], "f1");
  EXPECT_EQ(h.ran[1], "n1");
  EXPECT_TRUE(h.refused.empty());
}

TEST(WorkPool, ANewcomerGoesAheadOfAClientAlreadyBeingServed) {
  WorkPool pool(2, 10);
  std::atomic<bool> first_open{false};
  std::atomic<bool> second_open{false};
  std::mutex mutex;
  std::vector<std::string> ran;
  auto record = [&](std::string label) {
    return [&, label] {
      std::lock_guard lock(mutex);
      ran.push_back(label);
    };
  };
  // Both workers busy with the flooder's jobs.
  pool.submit(
      "flooder",
      [&] {
        while (!first_open) std::this_thread::sleep_for(1ms);
      },
      [] {});
  pool.submit(
      "flooder",
      [&] {
        while (!second_open) std::this_thread::sleep_for(1ms);
      },
      [] {});
  std::this_thread::sleep_for(50ms);
  pool.submit("flooder", record("f"), [] {});
  pool.submit("neighbour", record("n"), [] {});
  first_open = true;  // one worker frees up while the flooder still has a job running
  for (int i = 0; i < 1000; ++i) {
    {
      std::lock_guard lock(mutex);
      if (!ran.empty()) break;
    }
    std::this_thread::sleep_for(1ms);
  }
  {
    std::lock_guard lock(mutex);
    ASSERT_FALSE(ran.empty());
    EXPECT_EQ(ran.front(), "n") << "the flooder already had a job running";
  }
  second_open = true;
  pool.join();
}

TEST(WorkPool, AFullPoolPushesOutTheHeaviestClientsNewestJob) {
  Harness h(1, 3);  // 4 slots: the gate plus 3 queued
  h.block_worker();
  for (int i = 1; i <= 3; ++i) h.submit("flooder", "f" + std::to_string(i));
  h.submit("flooder", "f4");    // full, and the flooder is the heaviest: refused at once
  h.submit("neighbour", "n1");  // full, but lighter: f3 makes room
  {
    std::lock_guard lock(h.mutex);
    EXPECT_EQ(h.refused, (std::vector<std::string>{"f4", "f3"}));
  }
  h.finish();
  EXPECT_EQ(h.ran, (std::vector<std::string>{"f1", "n1", "f2"}));
}

TEST(WorkPool, ASingleClientIsBoundedByThePool) {
  Harness h(1, 1);
  h.block_worker();
  h.submit("a", "a1");
  h.submit("a", "a2");  // gate + a1 fill the pool; "a" cannot push itself out
  h.finish();
  EXPECT_EQ(h.ran, (std::vector<std::string>{"a1"}));
  EXPECT_EQ(h.refused, (std::vector<std::string>{"a2"}));
}

TEST(WorkPool, GivesTheSlotBackWhenAJobThrows) {
  WorkPool pool(1, 0);
  std::atomic<int> done{0};
  pool.submit(
      "a", [] { throw std::runtime_error("bug"); }, [] {});
  for (int i = 0; i < 1000 && pool.in_use() > 0; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(pool.in_use(), 0u);
  pool.submit(
      "a", [&done] { ++done; }, [] {});
  for (int i = 0; i < 1000 && done == 0; ++i) std::this_thread::sleep_for(1ms);
  pool.join();
  EXPECT_EQ(done, 1);
}

TEST(WorkPool, RefuseWaitingAnswersTheQueueAndKeepsServing) {
  Harness h(1, 5);
  h.block_worker();
  h.submit("a", "a1");
  h.submit("b", "b1");
  h.pool.refuse_waiting();
  {
    std::lock_guard lock(h.mutex);
    EXPECT_EQ(h.refused, (std::vector<std::string>{"a1", "b1"}));
  }
  h.submit("a", "a2");  // the pool still takes work afterwards
  h.finish();
  EXPECT_EQ(h.ran, (std::vector<std::string>{"a2"}));
}

TEST(WorkPool, JoinRefusesWhatIsStillQueued) {
  Harness h(1, 5);
  h.block_worker();
  h.submit("a", "a1");
  std::thread opener([&h] {
    std::this_thread::sleep_for(50ms);
    h.open = true;
  });
  h.pool.join();
  opener.join();
  EXPECT_EQ(h.refused, (std::vector<std::string>{"a1"}));
}

}  // namespace
}  // namespace authlens::work
