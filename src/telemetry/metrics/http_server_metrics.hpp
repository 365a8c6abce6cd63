#pragma once
// http_server_request_duration_seconds and http_server_active_requests. Routes are registered
// at start; each route keeps one histogram pointer per status code, created on first use, so a
// steady-state request costs an array index and one Histogram::Observe.
#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "telemetry/metrics/route_id.hpp"

namespace authlens::metrics {

class HttpServerMetrics {
 public:
  static constexpr std::size_t kMaxRoutes = 128;

  explicit HttpServerMetrics(prometheus::Registry& registry);

  // Same pair, same id. Throws std::length_error past kMaxRoutes (a wiring bug, seen at start).
  RouteId register_route(std::string_view method, std::string_view route);
  // For requests no route matched: one id per standard method, "_OTHER" for the rest.
  RouteId unmatched_route(std::string_view method) const noexcept;

  // Codes outside 100..599 are recorded under http_response_status_code="other".
  void observe(RouteId route, int status_code, double seconds);
  void request_started() { active_.Increment(); }
  void request_finished() { active_.Decrement(); }

 private:
  static constexpr int kFirstStatus = 100;
  static constexpr std::size_t kStatusSlots = 501;  // 100..599, then "other"
  static constexpr std::array<std::string_view, 9> kMethods = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

  struct Route {
    std::string method;
    std::string route;
    std::array<std::atomic<prometheus::Histogram*>, kStatusSlots> by_status{};
  };

  RouteId add_route(std::string_view method, std::string_view route);  // mutex_ held
  prometheus::Histogram& create_series(Route& route, std::size_t slot);

  prometheus::Family<prometheus::Histogram>& duration_;
  prometheus::Gauge& active_;
  std::mutex mutex_;  // guards route registration and series creation
  std::array<std::unique_ptr<Route>, kMaxRoutes> routes_;
  std::atomic<std::uint32_t> route_count_{0};
  std::array<RouteId, kMethods.size() + 1> unmatched_;  // last: _OTHER
};

}  // namespace authlens::metrics
