#pragma once
// The admin listener: health, readiness, Prometheus metrics and the built-in trace viewer.
#include <functional>
#include <string>

#include "http/router.hpp"

namespace authlens::viewer {
class RecentTraces;
}

namespace authlens::app {

struct AdminSources {
  std::function<bool()> database_ready;
  std::function<std::string()> render_metrics;  // empty when metrics are off
  viewer::RecentTraces* traces = nullptr;       // null when the viewer is off
};

void add_admin_routes(http::Router& router, AdminSources sources);

}  // namespace authlens::app
