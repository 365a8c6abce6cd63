#pragma once
// Which peers may tell us who the client is (AUTHLENS_TRUSTED_PROXIES), and the client address
// that follows from a request's Forwarded / X-Forwarded-For headers. A header from any other peer
// is ignored: anyone can write one, so trusting it would let a client pick its own throttle key.
#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authlens::http {

// One CIDR block ("10.0.0.0/8", "2001:db8::/32"; a bare address is a /32 or /128).
struct Cidr {
  boost::asio::ip::address network;
  unsigned prefix = 0;

  bool contains(const boost::asio::ip::address& address) const noexcept;
};

// Parses a CIDR; nullopt when it is not one (host bits set are allowed and ignored).
std::optional<Cidr> parse_cidr(std::string_view text);

// The one header trusted proxies write (AUTHLENS_TRUSTED_PROXY_HEADER). The other is never read:
// a proxy that writes only X-Forwarded-For passes a client's own Forwarded header through, and
// believing it would let the client pick its throttle key.
enum class ProxyHeader { kXForwardedFor, kForwarded };

// "x-forwarded-for" or "forwarded" (any case); nullopt otherwise.
std::optional<ProxyHeader> parse_proxy_header(std::string_view text);
std::string_view header_name(ProxyHeader header);

// Whom a trusted proxy says the request is from.
struct ForwardedClient {
  boost::asio::ip::address address;  // the client, or the proxy that reported a hidden one
  bool hidden = false;               // `address` reported a hop that is not an address
};

class TrustedProxies {
 public:
  TrustedProxies() = default;
  explicit TrustedProxies(std::vector<Cidr> blocks) : blocks_(std::move(blocks)) {}

  // "a/n, b/n, …"; on a bad entry returns nullopt and names it in `bad_entry`.
  static std::optional<TrustedProxies> parse(std::string_view list, std::string* bad_entry);

  bool empty() const noexcept { return blocks_.empty(); }
  const std::vector<Cidr>& blocks() const noexcept { return blocks_; }
  bool trusts(const boost::asio::ip::address& address) const noexcept;

  // The client of a request that reached us from `peer`: the peer itself unless it is trusted;
  // then the rightmost hop of `header_value` (the one header the proxies write: RFC 7239
  // Forwarded's for=, or X-Forwarded-For) that is not a trusted proxy. A hop that is not an
  // address ("unknown", "_hidden", an element without for=, garbage) ends the walk at the last
  // proxy that reported it, and says so: nothing behind it can be believed, and whoever it is
  // must not pass for that proxy.
  ForwardedClient client_of(const boost::asio::ip::address& peer, std::string_view header_value,
                            ProxyHeader header) const;

 private:
  std::vector<Cidr> blocks_;
};

// The canonical text of an address: IPv4-mapped IPv6 (::ffff:192.0.2.1) is written as IPv4, so
// one client has one throttle key whichever way it reached us.
std::string address_text(const boost::asio::ip::address& address);

}  // namespace authlens::http
