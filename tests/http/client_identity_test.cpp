// Whom limits count: IPv6 by prefix, IPv4-mapped as IPv4, a client a proxy could not name on
// that proxy plus a marker; and the network the hashing pool shares between first.
#include "http/client_identity.hpp"

#include <gtest/gtest.h>

namespace authlens::http {
namespace {

namespace ip = boost::asio::ip;

ClientIdentity of(const char* address, unsigned prefix = ClientKeys::kDefaultIpv6Prefix) {
  return ClientKeys(prefix).of(ip::make_address(address));
}

TEST(ClientKeys, KeysIpv6OnItsPrefixAndKeepsTheFullAddressForLogs) {
  const auto a = of("2001:db8:1:2:aaaa::1");
  const auto b = of("2001:db8:1:2:bbbb:cccc:dddd:eeee");
  EXPECT_EQ(a.key, "2001:db8:1:2::/64");
  EXPECT_EQ(b.key, a.key) << "one /64, one client";
  EXPECT_EQ(a.address, "2001:db8:1:2:aaaa::1");
  EXPECT_NE(of("2001:db8:1:3::1").key, a.key);
  EXPECT_EQ(a.network, "2001:db8:1::/48");
}

TEST(ClientKeys, ThePrefixIsASetting) {
  EXPECT_EQ(of("2001:db8:1:2:aaaa::1", 48).key, "2001:db8:1::/48");
  EXPECT_EQ(of("2001:db8:1:2:aaaa::1", 56).key, "2001:db8:1::/56");
  EXPECT_EQ(of("2001:db8:1:2ff::1", 56).key, "2001:db8:1:200::/56");
  EXPECT_EQ(of("2001:db8:1:2:aaaa::1", 60).key, "2001:db8:1::/60");
  EXPECT_EQ(of("2001:db8:1:2:aaaa::1", 128).key, "2001:db8:1:2:aaaa::1");
  EXPECT_EQ(of("2001:db8:1:2:aaaa::1", 127).key, "2001:db8:1:2:aaaa::/127");
  EXPECT_EQ(ClientKeys(8).ipv6_prefix(), 48u) << "never wider than a /48";
}

TEST(ClientKeys, Ipv4AndIpv4MappedAreTheSameClient) {
  const auto plain = of("198.51.100.7");
  const auto mapped = of("::ffff:198.51.100.7");
  EXPECT_EQ(plain.key, "198.51.100.7");
  EXPECT_EQ(mapped.key, plain.key);
  EXPECT_EQ(mapped.address, "198.51.100.7");
  EXPECT_EQ(plain.network, "198.51.100.0/24");
  EXPECT_EQ(mapped.network, plain.network);
}

TEST(ClientKeys, AHiddenClientHasAKeyOfItsOwnBesideTheProxy) {
  const ClientKeys keys;
  const auto proxy = ip::make_address("10.0.0.2");
  const auto hidden = keys.hidden_behind(proxy);
  EXPECT_EQ(hidden.address, "10.0.0.2") << "logs show the proxy that reported it";
  EXPECT_EQ(hidden.key, "hidden@10.0.0.2");
  EXPECT_NE(hidden.key, keys.of(proxy).key);
}

TEST(ClientIdentification, ReadsOnlyTheConfiguredHeaderOfATrustedPeer) {
  const ClientIdentification xff(*TrustedProxies::parse("10.0.0.0/8", nullptr),
                                 ProxyHeader::kXForwardedFor, ClientKeys());
  EXPECT_EQ(xff.header(), "X-Forwarded-For");
  const auto peer = ip::make_address("10.0.0.2");
  EXPECT_EQ(xff.of_request(peer, "2001:db8:5:6::9").key, "2001:db8:5:6::/64");
  EXPECT_EQ(xff.of_request(peer, "unknown").key, "hidden@10.0.0.2");
  const ClientIdentification forwarded(*TrustedProxies::parse("10.0.0.0/8", nullptr),
                                       ProxyHeader::kForwarded, ClientKeys());
  EXPECT_EQ(forwarded.header(), "Forwarded");
  EXPECT_EQ(forwarded.of_request(peer, "for=\"[2001:db8:5:6::9]:80\"").address, "2001:db8:5:6::9");
}

}  // namespace
}  // namespace authlens::http
