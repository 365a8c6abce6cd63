#pragma once
// http_server_request_duration_seconds and http_server_active_requests. Routes are registered
// at start; each route keeps one series per status code, created on first use. Recording is a
// handful of relaxed atomic additions (bucket, sum, active count): prometheus-cpp's Histogram
// takes a mutex per observation and its Gauge a compare-and-swap loop, which together cost more
// than the rest of the request's metrics. A sampled request also leaves its trace as the
// bucket's exemplar (a try-lock and a copy, plus reading the wall clock). The families are built at
// scrape time (collect()), with the same names, help, labels and buckets the prometheus-cpp
// instruments had.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/metric_family.h>

#include "telemetry/metrics/exemplar.hpp"
#include "telemetry/metrics/route_id.hpp"

namespace authlens::metrics {

class HttpServerMetrics {
 public:
  static constexpr std::size_t kMaxRoutes = 128;

  HttpServerMetrics();
  ~HttpServerMetrics();

  // Same pair, same id. Throws std::length_error past kMaxRoutes (a wiring bug, seen at start).
  RouteId register_route(std::string_view method, std::string_view route);
  // For requests no route matched: one id per standard method, "_OTHER" for the rest.
  RouteId unmatched_route(std::string_view method) const noexcept;

  // Codes outside 100..599 are recorded under http_response_status_code="other". With a trace
  // (a sampled request's span), the observation also becomes its bucket's exemplar.
  void observe(RouteId route, int status_code, double seconds, const TraceRef* trace = nullptr);
  void request_started() noexcept { active_.fetch_add(1, std::memory_order_relaxed); }
  void request_finished() noexcept { active_.fetch_sub(1, std::memory_order_relaxed); }

  // Both families, for the exposition; with `exemplars`, the duration histogram's too.
  std::vector<prometheus::MetricFamily> collect(HistogramExemplars* exemplars = nullptr) const;

 private:
  static constexpr int kFirstStatus = 100;
  static constexpr std::size_t kStatusSlots = 501;  // 100..599, then "other"
  static constexpr std::array<std::string_view, 9> kMethods = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

  struct Series;
  struct Route {
    std::string method;
    std::string route;
    std::array<std::atomic<Series*>, kStatusSlots> by_status{};
  };

  RouteId add_route(std::string_view method, std::string_view route);  // mutex_ held
  Series& create_series(Route& route, std::size_t slot);

  mutable std::mutex mutex_;  // guards route registration and series creation
  std::array<std::unique_ptr<Route>, kMaxRoutes> routes_;
  std::atomic<std::uint32_t> route_count_{0};
  std::array<RouteId, kMethods.size() + 1> unmatched_;  // last: _OTHER
  std::vector<std::unique_ptr<Series>> series_;         // owns every Series; guarded by mutex_
  std::atomic<std::int64_t> active_{0};
};

}  // namespace authlens::metrics
