#pragma once
// The request and response as handlers see them: no Beast types, so handlers stay thin and
// testable without sockets.
#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authlens::http {

struct Request {
  std::string_view method;
  std::string_view path;   // without the query
  std::string_view query;  // without '?'
  std::string_view content_type;
  std::string_view authorization;
  std::string_view if_none_match;  // for conditional GETs of static documents
  std::string_view accept;         // for content negotiation (/metrics' OpenMetrics)
  std::string_view body;
  std::string_view client_address;  // the peer, or what a trusted proxy says
  std::string_view client_key;      // whom per-client limits count (see client_identity.hpp)
  std::string_view user_agent;
  // When the request was read in full: the clock of the request's deadlines (a store call waits
  // until this plus the store timeout at most, however long the request queued for a worker).
  std::chrono::steady_clock::time_point received_at{};
};

// A header field added to a response from outside its handler (the instrumentation's
// traceparent); it replaces a handler's field of the same name. Views, valid while written.
struct ResponseHeader {
  std::string_view name;  // empty: none
  std::string_view value;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(int status, std::string body) {
    return Response{status, "application/json", std::move(body), {}};
  }
  static Response empty(int status) { return Response{status, "", "", {}}; }
};

}  // namespace authlens::http
