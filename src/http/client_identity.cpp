#include "http/client_identity.hpp"

#include <algorithm>

namespace authlens::http {
namespace {

namespace ip = boost::asio::ip;

// "net/prefix" with the host bits cleared.
std::string network_text(const ip::address_v6& address, unsigned prefix) {
  auto bytes = address.to_bytes();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const unsigned first_bit = static_cast<unsigned>(i) * 8;
    if (first_bit >= prefix) {
      bytes[i] = 0;
    } else if (prefix - first_bit < 8) {
      bytes[i] &= static_cast<std::uint8_t>(0xFF << (8 - (prefix - first_bit)));
    }
  }
  return ip::make_address_v6(bytes).to_string() + "/" + std::to_string(prefix);
}

std::string network_text(const ip::address_v4& address, unsigned prefix) {
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return ip::make_address_v4(address.to_uint() & mask).to_string() + "/" + std::to_string(prefix);
}

}  // namespace

ClientKeys::ClientKeys(unsigned ipv6_prefix)
    : ipv6_prefix_(std::clamp(ipv6_prefix, kMinIpv6Prefix, 128u)) {}

ClientIdentity ClientKeys::of(const ip::address& address) const {
  ClientIdentity identity;
  identity.address = address_text(address);
  if (address.is_v4() || address.to_v6().is_v4_mapped()) {
    const auto v4 =
        address.is_v4() ? address.to_v4() : ip::make_address_v4(ip::v4_mapped, address.to_v6());
    identity.key = identity.address;
    identity.network = network_text(v4, kIpv4Network);
    return identity;
  }
  const auto v6 = address.to_v6();
  identity.key = ipv6_prefix_ == 128 ? identity.address : network_text(v6, ipv6_prefix_);
  identity.network = network_text(v6, std::min(kIpv6Network, ipv6_prefix_));
  return identity;
}

ClientIdentity ClientKeys::hidden_behind(const ip::address& reporter) const {
  ClientIdentity identity;
  identity.address = address_text(reporter);
  identity.key = "hidden@" + identity.address;
  identity.network = identity.key;
  return identity;
}

ClientIdentity ClientIdentification::of_request(const ip::address& peer,
                                                std::string_view header_value) const {
  const auto client = proxies_.client_of(peer, header_value, header_);
  return client.hidden ? keys_.hidden_behind(client.address) : keys_.of(client.address);
}

}  // namespace authlens::http
