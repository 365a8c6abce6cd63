#pragma once
// RFC 9112 §3.2: an HTTP/1.1 request without a Host header, any request with two, and a Host
// whose value is not host[:port] are answered 400 and the connection closed — which host a
// request is for must not be something a proxy and we could read differently.
#include <boost/beast/http/message.hpp>
#include <optional>

#include "http/message.hpp"

namespace authlens::http {

std::optional<Response> refuse_host(const boost::beast::http::request_header<>& head);

}  // namespace authlens::http
