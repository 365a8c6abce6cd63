#pragma once
// The admin listener: health, readiness, Prometheus metrics (text, or OpenMetrics for clients
// that ask) and the built-in trace viewer. With a token (AUTHLENS_ADMIN_TOKEN), /debug/* (and
// /metrics, when asked) need `Authorization: Bearer` with it; the probes never do, so health
// checks need no secret.
#include <functional>
#include <optional>
#include <string>

#include "http/router.hpp"
#include "telemetry/metrics/metrics.hpp"

namespace authlens::viewer {
class RecentTraces;
}

namespace authlens::app {

struct AdminSources {
  std::function<bool()> database_ready;
  std::function<std::string(metrics::Metrics::Format)> render_metrics;  // empty: metrics off
  viewer::RecentTraces* traces = nullptr;  // null when the viewer is off
  std::optional<std::string> token;        // AUTHLENS_ADMIN_TOKEN
  bool metrics_need_token = false;         // AUTHLENS_METRICS_REQUIRE_TOKEN
};

// The viewer's pages: inline styles of their own, nothing loaded, framed by nobody.
inline constexpr const char* kViewerPagePolicy =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

void add_admin_routes(http::Router& router, AdminSources sources);

}  // namespace authlens::app
