#pragma once
// The admin listener: health, readiness, Prometheus metrics (text, or OpenMetrics for clients
// that ask) and the built-in trace viewer.
#include <functional>
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
};

void add_admin_routes(http::Router& router, AdminSources sources);

}  // namespace authlens::app
