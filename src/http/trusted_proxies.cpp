#include "http/trusted_proxies.hpp"

#include <charconv>

#include "http/header_text.hpp"

namespace authlens::http {
namespace {

namespace ip = boost::asio::ip;

ip::address unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  return address;
}

std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  const auto address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return unmapped(address);
}

// One hop of a list: "192.0.2.1", "192.0.2.1:4711", "[2001:db8::1]:4711", "2001:db8::1",
// optionally quoted (Forwarded quotes IPv6 and ports).
std::optional<ip::address> parse_hop(std::string_view hop) {
  hop = trim_ows(hop);
  if (hop.size() >= 2 && hop.front() == '"' && hop.back() == '"')
    hop = hop.substr(1, hop.size() - 2);
  if (!hop.empty() && hop.front() == '[') {
    const auto close = hop.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return parse_address(hop.substr(1, close - 1));
  }
  if (auto whole = parse_address(hop)) return whole;
  // IPv4 with a port: exactly one colon (an IPv6 address without brackets has several).
  const auto colon = hop.find(':');
  if (colon != std::string_view::npos && hop.find(':', colon + 1) == std::string_view::npos)
    return parse_address(hop.substr(0, colon));
  return std::nullopt;
}

// Splits on commas into hops, left (client side) to right (nearest proxy).
std::vector<std::string_view> split_list(std::string_view list) {
  std::vector<std::string_view> parts;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto part = trim_ows(list.substr(0, comma));
    if (!part.empty()) parts.push_back(part);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return parts;
}

// The for= parameter of one Forwarded element ("for=192.0.2.60;proto=http;by=203.0.113.43");
// an element without for= says nothing about the client and reads as an unknown hop.
std::string_view forwarded_for(std::string_view element) {
  while (!element.empty()) {
    const auto semicolon = element.find(';');
    const auto pair = trim_ows(element.substr(0, semicolon));
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos) {
      const auto name = trim_ows(pair.substr(0, eq));
      if (name.size() == 3 && (name[0] | 0x20) == 'f' && (name[1] | 0x20) == 'o' &&
          (name[2] | 0x20) == 'r')
        return trim_ows(pair.substr(eq + 1));
    }
    if (semicolon == std::string_view::npos) break;
    element.remove_prefix(semicolon + 1);
  }
  return {};
}

}  // namespace

bool Cidr::contains(const ip::address& address) const noexcept {
  const auto candidate = unmapped(address);
  if (candidate.is_v4() != network.is_v4()) return false;
  if (candidate.is_v4()) {
    const auto a = candidate.to_v4().to_uint();
    const auto n = network.to_v4().to_uint();
    const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    return (a & mask) == (n & mask);
  }
  const auto a = candidate.to_v6().to_bytes();
  const auto n = network.to_v6().to_bytes();
  unsigned bits = prefix;
  for (std::size_t i = 0; i < a.size() && bits > 0; ++i) {
    const unsigned take = bits >= 8 ? 8 : bits;
    const auto mask = static_cast<std::uint8_t>(0xFF << (8 - take));
    if ((a[i] & mask) != (n[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  text = trim_ows(text);
  const auto slash = text.find('/');
  const auto address = parse_address(text.substr(0, slash));
  if (!address) return std::nullopt;
  const unsigned max_prefix = address->is_v4() ? 32 : 128;
  unsigned prefix = max_prefix;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
        prefix > max_prefix)
      return std::nullopt;
  }
  return Cidr{*address, prefix};
}

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list, std::string* bad_entry) {
  std::vector<Cidr> blocks;
  for (const auto entry : split_list(list)) {
    auto cidr = parse_cidr(entry);
    if (!cidr) {
      if (bad_entry != nullptr) *bad_entry = std::string(entry);
      return std::nullopt;
    }
    blocks.push_back(*cidr);
  }
  return TrustedProxies(std::move(blocks));
}

bool TrustedProxies::trusts(const ip::address& address) const noexcept {
  for (const auto& block : blocks_)
    if (block.contains(address)) return true;
  return false;
}

ForwardedClient TrustedProxies::client_of(const ip::address& peer, std::string_view header_value,
                                          ProxyHeader header) const {
  ForwardedClient client{unmapped(peer), false};
  if (!trusts(client.address)) return client;
  const bool forwarded = header == ProxyHeader::kForwarded;
  const auto hops = split_list(header_value);
  // Walk from the nearest hop outwards while each hop that reported the next one is trusted.
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    const auto hop = parse_hop(forwarded ? forwarded_for(*it) : *it);
    if (!hop) {
      client.hidden = true;
      break;
    }
    client.address = *hop;
    if (!trusts(client.address)) break;
  }
  return client;
}

std::optional<ProxyHeader> parse_proxy_header(std::string_view text) {
  const auto same = [text](std::string_view name) {
    if (text.size() != name.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
      if ((text[i] | 0x20) != name[i]) return false;  // ASCII case folding ('-' is unchanged)
    return true;
  };
  if (same("x-forwarded-for")) return ProxyHeader::kXForwardedFor;
  if (same("forwarded")) return ProxyHeader::kForwarded;
  return std::nullopt;
}

std::string_view header_name(ProxyHeader header) {
  return header == ProxyHeader::kForwarded ? "Forwarded" : "X-Forwarded-For";
}

std::string address_text(const ip::address& address) { return unmapped(address).to_string(); }

}  // namespace authlens::http
