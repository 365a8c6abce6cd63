#include "http/response_bytes.hpp"

#include <ostream>  // before Beast: boost/utility/string_view.hpp needs it

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>
#include <charconv>

namespace authlens::http {

namespace {

bool same_name(std::string_view a, std::string_view b) noexcept {
  return boost::beast::iequals({a.data(), a.size()}, {b.data(), b.size()});
}

// Whether the handler's headers[i] is what Beast's message ended up with: set() replaced any
// field of the same name (so only the last of several survives), Content-Length is the body's,
// and the header added from outside (the instrumentation's traceparent) replaced a handler's.
// Connection is the server's to decide (keep-alive): a handler's is not written.
bool written(const Response& response, std::size_t i, const ResponseHeader& added) noexcept {
  const std::string_view name = response.headers[i].first;
  if (same_name(name, "Content-Length") || same_name(name, "Connection")) return false;
  if (!added.name.empty() && same_name(name, added.name)) return false;
  for (std::size_t later = i + 1; later < response.headers.size(); ++later)
    if (same_name(name, response.headers[later].first)) return false;
  return true;
}

bool handler_sets(const Response& response, std::string_view name) noexcept {
  for (const auto& header : response.headers)
    if (same_name(header.first, name)) return true;
  return false;
}

constexpr std::string_view kDefaultHeaderBlock =
    "Cache-Control: no-store\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n";
static_assert(kDefaultHeaderBlock.find(kApiContentSecurityPolicy) != std::string_view::npos);

}  // namespace

void append_response_bytes(std::string& out, const Response& response, unsigned version,
                           bool keep_alive, std::string_view date, const ResponseHeader& added,
                           bool with_body) {
  const auto reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status));
  std::size_t size = 256 + date.size() + reason.size() + response.content_type.size() +
                     response.body.size() + added.name.size() + added.value.size();
  for (const auto& [name, value] : response.headers) size += name.size() + value.size() + 4;
  out.reserve(out.size() + size);

  char number[24];
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(number, std::to_chars(number, number + sizeof number, response.status).ptr);
  out.push_back(' ');
  out.append(reason.data(), reason.size());
  out.append("\r\nDate: ");
  out.append(date);
  out.append("\r\n");
  // A handler's own Content-Type or Cache-Control replaces the default (Beast's set()).
  const bool plain = response.headers.empty();
  if (!response.content_type.empty() && (plain || !handler_sets(response, "Content-Type"))) {
    out.append("Content-Type: ");
    out.append(response.content_type);
    out.append("\r\n");
  }
  if (plain) {
    // Most answers set no header of their own: the three defaults as one block, one append.
    out.append(kDefaultHeaderBlock);
  } else {
    if (!handler_sets(response, "Cache-Control")) out.append("Cache-Control: no-store\r\n");
    if (!handler_sets(response, "X-Content-Type-Options"))
      out.append("X-Content-Type-Options: nosniff\r\n");
    if (!handler_sets(response, "Content-Security-Policy")) {
      out.append("Content-Security-Policy: ");
      out.append(kApiContentSecurityPolicy);
      out.append("\r\n");
    }
  }
  for (std::size_t i = 0; i < response.headers.size(); ++i) {
    if (!written(response, i, added)) continue;
    out.append(response.headers[i].first);
    out.append(": ");
    out.append(response.headers[i].second);
    out.append("\r\n");
  }
  if (!added.name.empty()) {
    out.append(added.name);
    out.append(": ");
    out.append(added.value);
    out.append("\r\n");
  }
  // Keep-alive is HTTP/1.1's default and closing HTTP/1.0's: only the exception is said.
  if (version >= 11 && !keep_alive) out.append("Connection: close\r\n");
  if (version < 11 && keep_alive) out.append("Connection: keep-alive\r\n");
  if (response.status != 204 && response.status != 304) {
    out.append("Content-Length: ");
    out.append(number, std::to_chars(number, number + sizeof number, response.body.size()).ptr);
    out.append("\r\n");
  }
  out.append("\r\n");
  if (with_body) out.append(response.body);
}

}  // namespace authlens::http
