#include "account/address.hpp"

#include "account/email_address.hpp"
#include "account/secrets.hpp"

namespace authlens::account {
namespace {

constexpr std::size_t kAddressTagBytes = 6;  // 12 hex digits: enough to tell addresses apart

}  // namespace

std::optional<Address> address_of(const Kernel& kernel, std::string_view email) {
  auto text = normalize_email(email);
  if (!text) return std::nullopt;
  Address address{std::move(*text), {}, {}};
  address.key = digest_address(kernel.server_key(), address.text);
  address.tag = hex_prefix(address.key, kAddressTagBytes);
  return address;
}

}  // namespace authlens::account
