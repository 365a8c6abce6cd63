#include "account/throttle.hpp"

#include "account/secrets.hpp"

namespace authlens::account::throttle {
namespace {

// 16 bytes of the keyed hash: collisions would need 2^64 addresses, and keys stay short.
constexpr std::size_t kAddressBytes = 16;

}  // namespace

std::string client_key(std::string_view scope, std::string_view client) {
  return std::string(scope) + ".client:" + std::string(client);
}

std::string address_key(std::string_view scope, const ports::Digest& address) {
  return std::string(scope) + ":" + hex_prefix(address, kAddressBytes);
}

std::string client_lock(std::string_view client) { return client_key("lock", client); }

std::string address_lock(const ports::Digest& address) { return address_key("lock", address); }

}  // namespace authlens::account::throttle
