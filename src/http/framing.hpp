#pragma once
// Request framing that we refuse before reading a body. A message whose length two parties could
// read differently (an unknown Transfer-Encoding, both Transfer-Encoding and Content-Length, two
// Content-Lengths) is how requests are smuggled past a proxy: such a request is answered and the
// connection closed, never read on (RFC 9112 §6.1, §6.3).
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <optional>

#include "http/message.hpp"

namespace authlens::http {

// The refusal for a request head whose framing we will not read, or nullopt when the body may
// be read. `content_length` is what the parser found (nullopt: none or chunked).
std::optional<Response> refuse_framing(const boost::beast::http::request_header<>& head,
                                       std::optional<std::uint64_t> content_length,
                                       std::size_t body_limit);

// 413 naming the limit.
Response payload_too_large(std::size_t body_limit);

}  // namespace authlens::http
