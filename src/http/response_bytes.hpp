#pragma once
// A Response as the bytes of an HTTP/1.1 (or 1.0) message, in one buffer the server writes with
// one call. The same bytes Beast's serializer wrote from the message the server used to build
// (status line with the standard reason, Date, Content-Type, Cache-Control: no-store, the
// handler's headers replacing those and each other by name as Beast's set() did, the
// instrumentation's header (the traceparent), Connection when keep-alive is not the version's
// default, Content-Length), without building a Beast message and walking its buffer sequences: on a
// small response that walk cost more than the rest of the request. Where Beast 1.74 breaks RFC 9110
// it is not followed: no Content-Length on 204 and 304 (§8.6, §15.4.5).
//
// Every answer also says how a browser may treat it, unless the handler says otherwise:
// `X-Content-Type-Options: nosniff` (a JSON error is never run as a script or styled as CSS) and
// `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'` (an API answer loads
// nothing and is framed by nobody). HTML pages set their own policy.
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace authlens::http {

// Appends the whole message to `out`. Header names and values come from our own code, never
// from a request, so they are written as they are.
// `date` is the Date header's value (http/http_date.hpp); `added` (when named) is written after
// the handler's headers and replaces a handler's field of its name. A HEAD request gets the
// message without its body (`with_body` false), Content-Length included: the header a GET would
// get (RFC 9110 §9.3.2).
void append_response_bytes(std::string& out, const Response& response, unsigned version,
                           bool keep_alive, std::string_view date, const ResponseHeader& added = {},
                           bool with_body = true);

inline constexpr std::string_view kApiContentSecurityPolicy =
    "default-src 'none'; frame-ancestors 'none'";

}  // namespace authlens::http
