// The edge's settings: defaults from the contract, bad values named.
#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>

#include "app/config.hpp"

namespace authlens::app {
namespace {

Config load(std::map<std::string, std::string, std::less<>> values) {
  return load_config(SettingsSource::from_map(std::move(values)));
}

TEST(EdgeConfig, DefaultsMatchTheContract) {
  const auto c = load({});
  EXPECT_EQ(c.max_connections_per_client, 64u);
  EXPECT_TRUE(c.trusted_proxies.empty());
  EXPECT_TRUE(c.ready_file.empty());
  EXPECT_EQ(c.trusted_proxy_header, http::ProxyHeader::kXForwardedFor);
  EXPECT_EQ(c.client_ipv6_prefix, 64u);
  EXPECT_FALSE(c.admin_token);
  EXPECT_EQ(c.mail_senders, 4u);
}

TEST(EdgeConfig, ReadsTheProxyHeaderAndTheIpv6Prefix) {
  const auto c =
      load({{"AUTHLENS_TRUSTED_PROXY_HEADER", "Forwarded"}, {"AUTHLENS_CLIENT_IPV6_PREFIX", "56"}});
  EXPECT_EQ(c.trusted_proxy_header, http::ProxyHeader::kForwarded);
  EXPECT_EQ(c.client_identification().keys().ipv6_prefix(), 56u);
  EXPECT_THROW(load({{"AUTHLENS_TRUSTED_PROXY_HEADER", "x-real-ip"}}), ConfigError);
  EXPECT_THROW(load({{"AUTHLENS_CLIENT_IPV6_PREFIX", "47"}}), ConfigError);
  EXPECT_THROW(load({{"AUTHLENS_CLIENT_IPV6_PREFIX", "129"}}), ConfigError);
}

TEST(EdgeConfig, ReadsTrustedProxies) {
  const auto c = load({{"AUTHLENS_TRUSTED_PROXIES", "10.0.0.0/8,  fd00::/8"}});
  EXPECT_TRUE(c.trusted_proxies.trusts(boost::asio::ip::make_address("10.1.2.3")));
  EXPECT_TRUE(c.trusted_proxies.trusts(boost::asio::ip::make_address("fd00::1")));
  EXPECT_FALSE(c.trusted_proxies.trusts(boost::asio::ip::make_address("127.0.0.1")));
}

TEST(EdgeConfig, BadValuesNameTheVariableAndTheEntry) {
  try {
    load({{"AUTHLENS_TRUSTED_PROXIES", "10.0.0.0/8, lb.internal"}});
    FAIL() << "accepted a host name";
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("AUTHLENS_TRUSTED_PROXIES:", 0), 0u) << message;
    EXPECT_NE(message.find("lb.internal"), std::string::npos) << message;
  }
  EXPECT_THROW(load({{"AUTHLENS_MAX_CONNECTIONS_PER_CLIENT", "0"}}), ConfigError);
  EXPECT_THROW(load({{"AUTHLENS_WRITE_PROBE_MS", "5"}}), ConfigError);
}

}  // namespace
}  // namespace authlens::app
