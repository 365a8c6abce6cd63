// Who gets a connection: per-client cap, oldest idle evicted near the total cap, busy ones kept.
#include "http/connection_registry.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

namespace authlens::http {
namespace {

class ConnectionRegistryTest : public ::testing::Test {
 protected:
  std::shared_ptr<Connection> make(const std::string& peer, bool trusted = false) {
    auto c = std::make_shared<Connection>(boost::asio::ip::tcp::socket(io_));
    c->peer_text = peer;
    c->trusted_peer = trusted;
    return c;
  }
  boost::asio::io_context io_;
};

TEST_F(ConnectionRegistryTest, CapsEachClientButNotATrustedProxy) {
  ConnectionRegistry registry(100, 2);
  EXPECT_EQ(registry.admit(make("a")).verdict, ConnectionRegistry::Verdict::kAdmitted);
  EXPECT_EQ(registry.admit(make("a")).verdict, ConnectionRegistry::Verdict::kAdmitted);
  EXPECT_EQ(registry.admit(make("a")).verdict, ConnectionRegistry::Verdict::kClientAtCap);
  EXPECT_EQ(registry.admit(make("b")).verdict, ConnectionRegistry::Verdict::kAdmitted);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(registry.admit(make("proxy", true)).verdict, ConnectionRegistry::Verdict::kAdmitted);
}

TEST_F(ConnectionRegistryTest, ALeavingConnectionFreesItsClientsPlace) {
  ConnectionRegistry registry(100, 1);
  auto first = make("a");
  ASSERT_EQ(registry.admit(first).verdict, ConnectionRegistry::Verdict::kAdmitted);
  EXPECT_EQ(registry.admit(make("a")).verdict, ConnectionRegistry::Verdict::kClientAtCap);
  registry.remove(first);
  EXPECT_EQ(registry.admit(make("a")).verdict, ConnectionRegistry::Verdict::kAdmitted);
}

TEST_F(ConnectionRegistryTest, NearTheCapTheLongestIdleConnectionMakesRoom) {
  ConnectionRegistry registry(4, 100);  // a sixteenth of 4 rounds up to 1: evict from 3 on
  auto oldest = make("a");
  auto busy = make("a");
  auto newer = make("a");
  registry.admit(oldest);
  registry.admit(busy);
  registry.admit(newer);
  registry.set_idle(*busy, false);
  registry.set_idle(*oldest, false);
  registry.set_idle(*oldest, true);  // idle again: now the newest idle one
  const auto admission = registry.admit(make("b"));
  EXPECT_EQ(admission.verdict, ConnectionRegistry::Verdict::kAdmitted);
  EXPECT_EQ(admission.evict, newer) << "idle longest, and never the busy one";
}

TEST_F(ConnectionRegistryTest, RefusesOnlyWhenFullAndEveryConnectionIsBusy) {
  ConnectionRegistry registry(2, 100);
  auto a = make("a");
  auto b = make("a");
  registry.admit(a);
  registry.admit(b);
  registry.set_idle(*a, false);
  registry.set_idle(*b, false);
  const auto admission = registry.admit(make("c"));
  EXPECT_EQ(admission.verdict, ConnectionRegistry::Verdict::kFull);
  EXPECT_EQ(admission.evict, nullptr);
  EXPECT_EQ(registry.size(), 2u);
}

}  // namespace
}  // namespace authlens::http
