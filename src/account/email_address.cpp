#include "account/email_address.hpp"

#include <cctype>

namespace authlens::account {
namespace {

bool is_atext(unsigned char c) {
  if (std::isalnum(c)) return true;
  static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return kSpecials.find(static_cast<char>(c)) != std::string_view::npos;
}

bool valid_local_part(std::string_view local) {
  if (local.empty() || local.size() > 64) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  // An RFC 2047 encoded word ("=?utf-8?q?...?=") is decoded by some mail software into another
  // address than the one we checked.
  if (local.find("=?") != std::string_view::npos) return false;
  char previous = 0;
  for (char c : local) {
    if (c == '.') {
      if (previous == '.') return false;
    } else if (!is_atext(static_cast<unsigned char>(c))) {
      return false;
    }
    previous = c;
  }
  return true;
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0;
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    ++labels;
    start = end + 1;
  }
  if (labels < 2) return false;  // a bare host name is not deliverable from the internet
  // No top-level domain is all digits: "10.0.0.1" is an IP address written as a domain.
  const auto tld = domain.substr(domain.rfind('.') + 1);
  return tld.find_first_not_of("0123456789") != std::string_view::npos;
}

}  // namespace

std::optional<std::string> normalize_email(std::string_view raw) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = raw.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return std::nullopt;
  raw = raw.substr(first, raw.find_last_not_of(kSpace) - first + 1);
  if (raw.size() > 254) return std::nullopt;
  const auto at = raw.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  const auto local = raw.substr(0, at);
  const auto domain = raw.substr(at + 1);
  if (!valid_local_part(local) || !valid_domain(domain)) return std::nullopt;
  // One identity per address whatever its case: RFC 5321 lets the local part be case-sensitive,
  // but no mainstream provider treats it so, and two accounts for ERIN@ and erin@ would be one
  // mailbox with two owners.
  std::string normalized(raw);
  for (char& c : normalized) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return normalized;
}

}  // namespace authlens::account
