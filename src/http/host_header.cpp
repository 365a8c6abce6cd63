#include "http/host_header.hpp"

#include <array>
#include <iterator>
#include <string_view>

#include "http/problem.hpp"

namespace authlens::http {
namespace {

namespace bhttp = boost::beast::http;

// uri-host [":" port] (RFC 3986 §3.2.2): reg-name characters (unreserved, pct-encoded,
// sub-delims), an IP literal's brackets and colons, and the port's digits. Empty is allowed (an
// authority-less target). A table: this runs on every request, and a search of the punctuation
// per character cost ~15 instructions each.
constexpr std::array<bool, 256> kHostCharacters = [] {
  std::array<bool, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (const char c : std::string_view("-._~%!$&'()*+,;=:[]"))
    table[static_cast<unsigned char>(c)] = true;
  return table;
}();

}  // namespace

std::optional<Response> refuse_host(const bhttp::request_header<>& head) {
  // One lookup for both questions (none, more than one), not count() and then operator[].
  const auto [first, last] = head.equal_range(bhttp::field::host);
  if (first == last) {
    if (head.version() >= 11)
      return problem(400, "bad_request", "An HTTP/1.1 request must carry a Host header.");
    return std::nullopt;
  }
  if (std::next(first) != last)
    return problem(400, "bad_request", "A request may carry one Host header only.");
  for (const char c : first->value())
    if (!kHostCharacters[static_cast<unsigned char>(c)])
      return problem(400, "bad_request", "The Host header is not host[:port].");
  return std::nullopt;
}

}  // namespace authlens::http
