#pragma once
// The k-anonymity split of the Pwned Passwords range API: the SHA-1 of the password in upper-case
// hex, of which only the 5-character prefix is ever sent; the 35-character suffix is compared
// locally against the answer.
#include <string>
#include <string_view>

namespace authlens::breach {

struct RangeQuery {
  std::string prefix;  // 5 upper-case hex digits: the only part that leaves the process
  std::string suffix;  // the other 35
};

RangeQuery range_query_for(std::string_view password);

}  // namespace authlens::breach
