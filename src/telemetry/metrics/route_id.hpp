#pragma once
// A handle for one (method, route template) pair, obtained once at start from
// Metrics::register_route and passed with every request so the hot path needs no lookup.
#include <cstdint>

namespace authlens::metrics {

struct RouteId {
  std::uint32_t index = 0;
};

// http_route label of requests no route matched: OpenTelemetry leaves http.route unset then, but
// a Prometheus series needs a value, and an empty one would be ambiguous.
inline constexpr const char* kUnmatchedRoute = "unmatched";
// http_request_method label of methods outside RFC 9110 + PATCH, as the semantic conventions say.
inline constexpr const char* kOtherMethod = "_OTHER";

}  // namespace authlens::metrics
