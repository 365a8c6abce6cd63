#include "http/framing.hpp"

#include <boost/beast/core/string.hpp>
#include <string>

#include "http/header_text.hpp"
#include "http/problem.hpp"

namespace authlens::http {
namespace {

namespace bhttp = boost::beast::http;

}  // namespace

std::optional<Response> refuse_framing(const bhttp::request_header<>& head,
                                       std::optional<std::uint64_t> content_length,
                                       std::size_t body_limit) {
  const auto encodings = head.count(bhttp::field::transfer_encoding);
  const auto lengths = head.count(bhttp::field::content_length);
  if (encodings > 0) {
    const auto value = head[bhttp::field::transfer_encoding];
    const auto coding = trim_ows({value.data(), value.size()});
    const bool exactly_chunked =
        encodings == 1 && boost::beast::iequals({coding.data(), coding.size()}, "chunked");
    if (!exactly_chunked)
      return problem(501, "unsupported_transfer_encoding",
                     "Only Transfer-Encoding: chunked is accepted.");
    if (head.version() < 11)
      return problem(400, "bad_request", "HTTP/1.0 has no chunked transfer coding.");
    if (lengths > 0)
      return problem(400, "bad_request",
                     "A request may not carry both Transfer-Encoding and Content-Length.");
  }
  if (lengths > 1)
    return problem(400, "bad_request", "A request may carry one Content-Length only.");
  if (content_length && *content_length > body_limit) return payload_too_large(body_limit);
  return std::nullopt;
}

Response payload_too_large(std::size_t body_limit) {
  return problem(
      413, "payload_too_large",
      "The request body is over the limit of " + std::to_string(body_limit / 1024) + " KiB.");
}

}  // namespace authlens::http
