#include "http/response_bytes.hpp"

#include <ostream>  // before Beast: boost/utility/string_view.hpp needs it

#include <boost/beast/http/status.hpp>
#include <charconv>

namespace authlens::http {

void append_response_bytes(std::string& out, const Response& response, unsigned version,
                           bool keep_alive) {
  const auto reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status));
  std::size_t size = 128 + reason.size() + response.content_type.size() + response.body.size();
  for (const auto& [name, value] : response.headers) size += name.size() + value.size() + 4;
  out.reserve(out.size() + size);

  char number[24];
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(number, std::to_chars(number, number + sizeof number, response.status).ptr);
  out.push_back(' ');
  out.append(reason.data(), reason.size());
  out.append("\r\n");
  if (!response.content_type.empty()) {
    out.append("Content-Type: ");
    out.append(response.content_type);
    out.append("\r\n");
  }
  out.append("Cache-Control: no-store\r\n");
  for (const auto& [name, value] : response.headers) {
    out.append(name);
    out.append(": ");
    out.append(value);
    out.append("\r\n");
  }
  if (response.has_traceparent) {
    out.append("traceparent: ");
    out.append(response.traceparent.data(), response.traceparent.size());
    out.append("\r\n");
  }
  // Keep-alive is HTTP/1.1's default and closing HTTP/1.0's: only the exception is said.
  if (version >= 11 && !keep_alive) out.append("Connection: close\r\n");
  if (version < 11 && keep_alive) out.append("Connection: keep-alive\r\n");
  out.append("Content-Length: ");
  out.append(number, std::to_chars(number, number + sizeof number, response.body.size()).ptr);
  out.append("\r\n\r\n");
  out.append(response.body);
}

}  // namespace authlens::http
