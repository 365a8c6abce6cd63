#pragma once
// A Response as the bytes of an HTTP/1.1 (or 1.0) message, in one buffer the server writes with
// one call. The same bytes Beast's serializer wrote from the message the server used to build
// (status line with the standard reason, Content-Type, Cache-Control: no-store, the handler's
// headers replacing those and each other by name as Beast's set() did, the traceparent,
// Connection when keep-alive is not the version's default, Content-Length), without building a
// Beast message and walking its buffer sequences: on a small response that walk cost more than
// the rest of the request.
#include <string>

#include "http/message.hpp"

namespace authlens::http {

// Appends the whole message to `out`. Header names and values come from our own code, never
// from a request, so they are written as they are.
void append_response_bytes(std::string& out, const Response& response, unsigned version,
                           bool keep_alive);

}  // namespace authlens::http
