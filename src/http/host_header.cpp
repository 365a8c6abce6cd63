#include "http/host_header.hpp"

#include <string_view>

#include "http/problem.hpp"

namespace authlens::http {
namespace {

namespace bhttp = boost::beast::http;

// uri-host [":" port] (RFC 3986 §3.2.2): reg-name characters (unreserved, pct-encoded,
// sub-delims), an IP literal's brackets and colons, and the port's digits. Empty is allowed (an
// authority-less target).
bool host_character(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-._~%!$&'()*+,;=:[]").find(c) != std::string_view::npos;
}

}  // namespace

std::optional<Response> refuse_host(const bhttp::request_header<>& head) {
  const auto count = head.count(bhttp::field::host);
  if (count > 1) return problem(400, "bad_request", "A request may carry one Host header only.");
  if (count == 0) {
    if (head.version() >= 11)
      return problem(400, "bad_request", "An HTTP/1.1 request must carry a Host header.");
    return std::nullopt;
  }
  for (const char c : head[bhttp::field::host])
    if (!host_character(c))
      return problem(400, "bad_request", "The Host header is not host[:port].");
  return std::nullopt;
}

}  // namespace authlens::http
