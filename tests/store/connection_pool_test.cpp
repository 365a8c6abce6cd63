// The pool hands each connection to one borrower at a time and bounds the wait for one.
#include "store/connection_pool.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace authlens::store {
namespace {

struct FakeConnection {
  int id = 0;
};

ConnectionPool<FakeConnection> pool_of(int n, std::chrono::milliseconds wait) {
  std::vector<std::unique_ptr<FakeConnection>> conns;
  for (int i = 0; i < n; ++i) conns.push_back(std::make_unique<FakeConnection>(FakeConnection{i}));
  return ConnectionPool<FakeConnection>(std::move(conns), wait);
}

TEST(ConnectionPoolTest, ExhaustedPoolFailsAfterTheWait) {
  auto pool = pool_of(2, std::chrono::milliseconds(50));
  auto a = pool.acquire();
  auto b = pool.acquire();
  EXPECT_NE(a->id, b->id);
  EXPECT_THROW(pool.acquire(), StoreError);
}

TEST(ConnectionPoolTest, ReturnedConnectionWakesAWaiter) {
  auto pool = pool_of(1, std::chrono::seconds(5));
  std::optional<ConnectionPool<FakeConnection>::Lease> held(pool.acquire());
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    held.reset();
  });
  auto again = pool.acquire();
  EXPECT_EQ(again->id, 0);
  releaser.join();
}

}  // namespace
}  // namespace authlens::store
