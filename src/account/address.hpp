#pragma once
// An address as the flows use it: its normalised text, the keyed hash that names it in codes and
// throttles, and a short tag of that hash for log lines.
#include <optional>
#include <string>
#include <string_view>

#include "account/kernel.hpp"

namespace authlens::account {

struct Address {
  std::string text;
  ports::Digest key{};
  std::string tag;
};

// nullopt: not an address the service accepts (email_address.hpp's rules).
std::optional<Address> address_of(const Kernel& kernel, std::string_view email);

}  // namespace authlens::account
