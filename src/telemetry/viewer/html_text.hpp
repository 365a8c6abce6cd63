#pragma once
// Making untrusted text safe in HTML pages and in the query strings of their links.
#include <string>
#include <string_view>

namespace authlens::viewer {

std::string percent_encode(std::string_view text);  // everything but RFC 3986 unreserved

}  // namespace authlens::viewer
