#include "telemetry/metrics/http_server_metrics.hpp"

#include <stdexcept>

#include "telemetry/metrics/buckets.hpp"

namespace authlens::metrics {

HttpServerMetrics::HttpServerMetrics(prometheus::Registry& registry)
    : duration_(prometheus::BuildHistogram()
                    .Name("http_server_request_duration_seconds")
                    .Help("Duration of HTTP server requests.")
                    .Register(registry)),
      active_(prometheus::BuildGauge()
                  .Name("http_server_active_requests")
                  .Help("Number of active HTTP server requests.")
                  .Register(registry)
                  .Add({})) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < kMethods.size(); ++i)
    unmatched_[i] = add_route(kMethods[i], kUnmatchedRoute);
  unmatched_.back() = add_route(kOtherMethod, kUnmatchedRoute);
}

RouteId HttpServerMetrics::register_route(std::string_view method, std::string_view route) {
  std::lock_guard lock(mutex_);
  return add_route(method, route);
}

RouteId HttpServerMetrics::add_route(std::string_view method, std::string_view route) {
  const std::uint32_t count = route_count_.load(std::memory_order_relaxed);
  for (std::uint32_t i = 0; i < count; ++i)
    if (routes_[i]->method == method && routes_[i]->route == route) return RouteId{i};
  if (count == kMaxRoutes) throw std::length_error("metrics: too many HTTP routes");
  auto entry = std::make_unique<Route>();
  entry->method = method;
  entry->route = route;
  routes_[count] = std::move(entry);
  route_count_.store(count + 1, std::memory_order_release);
  return RouteId{count};
}

RouteId HttpServerMetrics::unmatched_route(std::string_view method) const noexcept {
  for (std::size_t i = 0; i < kMethods.size(); ++i)
    if (kMethods[i] == method) return unmatched_[i];
  return unmatched_.back();
}

void HttpServerMetrics::observe(RouteId id, int status_code, double seconds) {
  if (id.index >= route_count_.load(std::memory_order_acquire)) return;  // not from us
  Route& route = *routes_[id.index];
  const bool in_range = status_code >= kFirstStatus && status_code < 600;
  const std::size_t slot =
      in_range ? static_cast<std::size_t>(status_code - kFirstStatus) : kStatusSlots - 1;
  prometheus::Histogram* series = route.by_status[slot].load(std::memory_order_acquire);
  if (series == nullptr) series = &create_series(route, slot);
  series->Observe(seconds);
}

prometheus::Histogram& HttpServerMetrics::create_series(Route& route, std::size_t slot) {
  std::lock_guard lock(mutex_);
  if (auto* existing = route.by_status[slot].load(std::memory_order_relaxed)) return *existing;
  const std::string status =
      slot == kStatusSlots - 1 ? "other" : std::to_string(kFirstStatus + static_cast<int>(slot));
  auto& series = duration_.Add({{"http_request_method", route.method},
                                {"http_route", route.route},
                                {"http_response_status_code", status}},
                               kHttpDurationBuckets);
  route.by_status[slot].store(&series, std::memory_order_release);
  return series;
}

}  // namespace authlens::metrics
