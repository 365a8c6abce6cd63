#pragma once
// Who a request is from, three ways: the address logs and spans show, the key every per-client
// limit counts (mail budget, code and login failures, connections, the hashing pool), and the
// wider network the hashing pool shares fairly before it shares between clients.
//
// One IPv6 host owns a whole prefix (a /64 at least, often a /56 or /48), so keying limits on
// its full address would give it 2^64 budgets: IPv6 clients are keyed on their /N
// (AUTHLENS_CLIENT_IPV6_PREFIX, 48-128, default 64). IPv4-mapped addresses are IPv4. A client a
// trusted proxy could not name (a hop of "unknown", "_hidden", garbage) is keyed on that proxy
// plus a marker: all such clients behind one proxy share one client's budget, never the
// proxy's own.
#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>

#include "http/trusted_proxies.hpp"

namespace authlens::http {

struct ClientIdentity {
  std::string address;  // canonical text of the address (IPv4-mapped written as IPv4)
  std::string key;      // "192.0.2.7", "2001:db8:1:2::/64", "hidden@10.0.0.2"
  std::string network;  // "192.0.2.0/24", "2001:db8:1::/48"; a hidden client is its own
};

class ClientKeys {
 public:
  static constexpr unsigned kDefaultIpv6Prefix = 64;
  static constexpr unsigned kMinIpv6Prefix = 48;
  // The networks the hashing pool shares between first: an IPv4 /24 (one site, one cloud
  // subnet) and an IPv6 /48 (one site as RIRs assign them).
  static constexpr unsigned kIpv4Network = 24;
  static constexpr unsigned kIpv6Network = 48;

  explicit ClientKeys(unsigned ipv6_prefix = kDefaultIpv6Prefix);

  ClientIdentity of(const boost::asio::ip::address& address) const;
  // A client the trusted proxy at `reporter` could not name.
  ClientIdentity hidden_behind(const boost::asio::ip::address& reporter) const;
  unsigned ipv6_prefix() const noexcept { return ipv6_prefix_; }

 private:
  unsigned ipv6_prefix_;
};

// The edge's whole answer to "who is this": which peers may say (AUTHLENS_TRUSTED_PROXIES), in
// which header (AUTHLENS_TRUSTED_PROXY_HEADER), and how addresses become keys.
class ClientIdentification {
 public:
  ClientIdentification() = default;
  ClientIdentification(TrustedProxies proxies, ProxyHeader header, ClientKeys keys)
      : proxies_(std::move(proxies)), header_(header), keys_(keys) {}

  bool trusts(const boost::asio::ip::address& peer) const noexcept { return proxies_.trusts(peer); }
  std::string_view header() const noexcept { return header_name(header_); }
  // The peer as a client (its connection cap, or the whole answer for an untrusted peer).
  ClientIdentity of_peer(const boost::asio::ip::address& peer) const { return keys_.of(peer); }
  // A request from a trusted peer; `header_value` is every line of header() joined by commas.
  ClientIdentity of_request(const boost::asio::ip::address& peer,
                            std::string_view header_value) const;

  const TrustedProxies& proxies() const noexcept { return proxies_; }
  const ClientKeys& keys() const noexcept { return keys_; }

 private:
  TrustedProxies proxies_;
  ProxyHeader header_ = ProxyHeader::kXForwardedFor;
  ClientKeys keys_;
};

}  // namespace authlens::http
