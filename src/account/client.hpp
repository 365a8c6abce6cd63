#pragma once
// Who is asking, as the flows see it: the address that logs and spans show, and the key that
// per-client limits count. The two differ where one party owns many addresses (an IPv6 prefix)
// or an address says nothing of who sent it (a proxy's "unknown" hop).
#include <concepts>
#include <string_view>

namespace authlens::account {

struct Client {
  Client(std::string_view address_, std::string_view key_) : address(address_), key(key_) {}
  // An address that is its own key (an IPv4 peer); implicit, so tests can pass a literal.
  template <typename Text>
    requires std::convertible_to<const Text&, std::string_view>
  Client(const Text& address_)  // NOLINT(google-explicit-constructor)
      : Client(std::string_view(address_), std::string_view(address_)) {}

  std::string_view address;  // the peer, or what a trusted proxy says
  std::string_view key;      // what mail budgets, code and password limits are counted against
};

}  // namespace authlens::account
