// Who the client is behind proxies: only trusted peers' headers count, rightmost untrusted hop.
#include "http/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace authlens::http {
namespace {

namespace ip = boost::asio::ip;

TrustedProxies proxies(std::string_view list) {
  std::string bad;
  auto parsed = TrustedProxies::parse(list, &bad);
  EXPECT_TRUE(parsed) << bad;
  return parsed ? *parsed : TrustedProxies{};
}

// Who the client is when the proxies write `forwarded` (RFC 7239) or, when that is empty, `xff`.
std::string client(const TrustedProxies& p, const char* peer, std::string_view forwarded,
                   std::string_view xff) {
  const bool use_forwarded = !forwarded.empty();
  const auto found =
      p.client_of(ip::make_address(peer), use_forwarded ? forwarded : xff,
                  use_forwarded ? ProxyHeader::kForwarded : ProxyHeader::kXForwardedFor);
  return (found.hidden ? "hidden@" : "") + address_text(found.address);
}

TEST(TrustedProxies, ParsesCidrsAndBareAddresses) {
  const auto p = proxies("10.0.0.0/8, 192.168.1.7 ,2001:db8::/32");
  EXPECT_TRUE(p.trusts(ip::make_address("10.200.3.4")));
  EXPECT_FALSE(p.trusts(ip::make_address("11.0.0.1")));
  EXPECT_TRUE(p.trusts(ip::make_address("192.168.1.7")));
  EXPECT_FALSE(p.trusts(ip::make_address("192.168.1.8")));
  EXPECT_TRUE(p.trusts(ip::make_address("2001:db8:ffff::1")));
  EXPECT_FALSE(p.trusts(ip::make_address("2001:db9::1")));
  EXPECT_TRUE(p.trusts(ip::make_address("::ffff:10.1.1.1"))) << "IPv4-mapped is IPv4";
}

TEST(TrustedProxies, RefusesWhatIsNotACidrAndNamesIt) {
  for (const char* bad :
       {"10.0.0.0/33", "10.0.0/8", "proxy.local", "10.0.0.0/", "::/129", "10.0.0.0/8x"}) {
    std::string named;
    EXPECT_FALSE(TrustedProxies::parse(std::string("127.0.0.1, ") + bad, &named)) << bad;
    EXPECT_EQ(named, bad);
  }
  EXPECT_TRUE(TrustedProxies::parse("", nullptr)->empty());
}

TEST(TrustedProxies, IgnoresHeadersFromAnUntrustedPeer) {
  const auto p = proxies("10.0.0.0/8");
  EXPECT_EQ(client(p, "203.0.113.9", "for=198.51.100.1", "198.51.100.2"), "203.0.113.9");
  EXPECT_EQ(client(TrustedProxies{}, "127.0.0.1", "", "198.51.100.2"), "127.0.0.1");
}

TEST(TrustedProxies, TakesTheRightmostUntrustedHopOfXForwardedFor) {
  const auto p = proxies("10.0.0.0/8");
  // The client wrote "1.1.1.1" itself; the edge proxy appended the address it saw.
  EXPECT_EQ(client(p, "10.0.0.2", "", "1.1.1.1, 198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(client(p, "10.0.0.2", "", "1.1.1.1, 198.51.100.7, 10.0.0.9"), "198.51.100.7");
  EXPECT_EQ(client(p, "10.0.0.2", "", "198.51.100.7:5555"), "198.51.100.7");
}

TEST(TrustedProxies, ReadsForwardedAndItsQuotedForms) {
  const auto p = proxies("10.0.0.0/8");
  EXPECT_EQ(client(p, "10.0.0.2", "for=192.0.2.60;proto=http;by=10.0.0.2", "1.2.3.4"),
            "192.0.2.60");
  EXPECT_EQ(client(p, "10.0.0.2", R"(For="[2001:db8:cafe::17]:4711", for=10.0.0.5)", ""),
            "2001:db8:cafe::17");
}

TEST(TrustedProxies, StopsAtAHopThatIsNotAnAddress) {
  const auto p = proxies("10.0.0.0/8");
  // Nothing behind "unknown" can be believed: the client is hidden behind the proxy that
  // reported it, and is not that proxy.
  EXPECT_EQ(client(p, "10.0.0.2", "for=unknown, for=10.0.0.3", ""), "hidden@10.0.0.3");
  EXPECT_EQ(client(p, "10.0.0.2", "for=_hidden", ""), "hidden@10.0.0.2");
  EXPECT_EQ(client(p, "10.0.0.2", "proto=https", ""), "hidden@10.0.0.2") << "no for= at all";
  EXPECT_EQ(client(p, "10.0.0.2", "", "garbage"), "hidden@10.0.0.2");
  EXPECT_EQ(client(p, "10.0.0.2", "", "unknown, 10.0.0.4"), "hidden@10.0.0.4");
  EXPECT_EQ(client(p, "10.0.0.2", "", ""), "10.0.0.2") << "no header: the proxy itself";
}

TEST(TrustedProxies, NamesTheOneHeaderTheProxiesWrite) {
  EXPECT_EQ(parse_proxy_header("x-forwarded-for"), ProxyHeader::kXForwardedFor);
  EXPECT_EQ(parse_proxy_header("X-Forwarded-For"), ProxyHeader::kXForwardedFor);
  EXPECT_EQ(parse_proxy_header("forwarded"), ProxyHeader::kForwarded);
  EXPECT_EQ(parse_proxy_header("Forwarded"), ProxyHeader::kForwarded);
  EXPECT_FALSE(parse_proxy_header("x-real-ip"));
  EXPECT_FALSE(parse_proxy_header("both"));
  EXPECT_EQ(header_name(ProxyHeader::kForwarded), "Forwarded");
  EXPECT_EQ(header_name(ProxyHeader::kXForwardedFor), "X-Forwarded-For");
}

}  // namespace
}  // namespace authlens::http
