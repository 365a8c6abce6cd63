// Who gets a connection: per-client cap; near the total cap, the connection waiting longest of
// the client holding the most is evicted, idle or half-sent; busy ones are kept.
#include "http/connection_registry.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <string>
#include <vector>

namespace authlens::http {
namespace {

class ConnectionRegistryTest : public ::testing::Test {
 protected:
  std::shared_ptr<Connection> make(const std::string& peer, bool trusted = false) {
    auto c = std::make_shared<Connection>(boost::asio::ip::tcp::socket(io_));
    c->peer_client.key = peer;
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
  registry.set_phase(*busy, Phase::kBusy);
  registry.set_phase(*oldest, Phase::kBusy);
  registry.set_phase(*oldest, Phase::kIdle);  // idle again: now the newest idle one
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
  registry.set_phase(*a, Phase::kBusy);
  registry.set_phase(*b, Phase::kBusy);
  const auto admission = registry.admit(make("c"));
  EXPECT_EQ(admission.verdict, ConnectionRegistry::Verdict::kFull);
  EXPECT_EQ(admission.evict, nullptr);
  EXPECT_EQ(registry.size(), 2u);
}

TEST_F(ConnectionRegistryTest, AHalfSentRequestCanBeEvictedAnAnsweredOneCannot) {
  ConnectionRegistry registry(3, 100);  // evict from 2 on
  auto reading = make("a");
  auto answering = make("a");
  registry.admit(reading);
  registry.set_phase(*reading, Phase::kReading);  // one byte sent, then silence
  registry.admit(answering);
  registry.set_phase(*answering, Phase::kBusy);
  const auto admission = registry.admit(make("b"));
  EXPECT_EQ(admission.verdict, ConnectionRegistry::Verdict::kAdmitted);
  EXPECT_EQ(admission.evict, reading);
}

// 17 sources holding 64 connections each, each having sent one byte: a newcomer takes the place
// of the heaviest source's oldest connection, never a lighter client's.
TEST_F(ConnectionRegistryTest, EvictsFromTheClientHoldingTheMost) {
  ConnectionRegistry registry(1024, 64);
  std::vector<std::shared_ptr<Connection>> light;
  for (int i = 0; i < 3; ++i) {
    light.push_back(make("light"));
    registry.admit(light.back());
    registry.set_phase(*light.back(), Phase::kReading);
  }
  std::vector<std::shared_ptr<Connection>> heavy;
  for (int source = 0; source < 17; ++source) {
    for (int i = 0; i < 64; ++i) {
      auto c = make("source-" + std::to_string(source));
      const auto admission = registry.admit(c);
      if (admission.verdict != ConnectionRegistry::Verdict::kAdmitted) continue;
      if (admission.evict) registry.remove(admission.evict);  // the server closes it
      registry.set_phase(*c, Phase::kReading);
      heavy.push_back(c);
    }
  }
  const auto admission = registry.admit(make("legit"));
  EXPECT_EQ(admission.verdict, ConnectionRegistry::Verdict::kAdmitted);
  ASSERT_NE(admission.evict, nullptr);
  EXPECT_EQ(admission.evict->peer_client.key.rfind("source-", 0), 0u)
      << "evicted " << admission.evict->peer_client.key;
  for (const auto& c : light) EXPECT_NE(admission.evict, c);
}

TEST_F(ConnectionRegistryTest, ATrustedProxysConnectionsGoLast) {
  ConnectionRegistry registry(3, 100);  // evict from 2 on
  auto proxy_first = make("proxy", true);
  auto proxy_second = make("proxy", true);
  registry.admit(proxy_first);
  registry.admit(proxy_second);
  auto client = make("a");
  const auto first = registry.admit(client);
  EXPECT_EQ(first.evict, proxy_first) << "nobody else has one to spare";
  registry.remove(proxy_first);
  const auto second = registry.admit(make("b"));
  EXPECT_EQ(second.evict, client) << "before the proxy's, though the proxy holds more";
}

}  // namespace
}  // namespace authlens::http
