#include "telemetry/metrics/http_server_metrics.hpp"

#include <chrono>
#include <limits>
#include <stdexcept>

#include "telemetry/metrics/buckets.hpp"

namespace authlens::metrics {

// One (route, status) series: a count per bucket (the last one is +Inf) and the sum.
struct HttpServerMetrics::Series {
  explicit Series(std::size_t buckets)
      : counts(buckets + 1), exemplars(std::make_unique<ExemplarSlot[]>(buckets + 1)) {}
  std::vector<std::atomic<std::uint64_t>> counts;
  std::unique_ptr<ExemplarSlot[]> exemplars;  // one per bucket, as counts
  std::atomic<double> sum{0};
  std::string status;  // the label value
};

HttpServerMetrics::HttpServerMetrics() {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < kMethods.size(); ++i)
    unmatched_[i] = add_route(kMethods[i], kUnmatchedRoute);
  unmatched_.back() = add_route(kOtherMethod, kUnmatchedRoute);
}

HttpServerMetrics::~HttpServerMetrics() = default;

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

void HttpServerMetrics::observe(RouteId id, int status_code, double seconds,
                                const TraceRef* trace) {
  if (id.index >= route_count_.load(std::memory_order_acquire)) return;  // not from us
  Route& route = *routes_[id.index];
  const bool in_range = status_code >= kFirstStatus && status_code < 600;
  const std::size_t slot =
      in_range ? static_cast<std::size_t>(status_code - kFirstStatus) : kStatusSlots - 1;
  Series* series = route.by_status[slot].load(std::memory_order_acquire);
  if (series == nullptr) series = &create_series(route, slot);
  // Upper bounds are inclusive, as in Prometheus: the first bound at or above the value.
  const auto& bounds = kHttpDurationBuckets;
  std::size_t bucket = 0;
  while (bucket < bounds.size() && seconds > bounds[bucket]) ++bucket;
  series->counts[bucket].fetch_add(1, std::memory_order_relaxed);
  series->sum.fetch_add(seconds, std::memory_order_relaxed);
  if (trace != nullptr) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    series->exemplars[bucket].offer(*trace, seconds, std::chrono::duration<double>(now).count());
  }
}

HttpServerMetrics::Series& HttpServerMetrics::create_series(Route& route, std::size_t slot) {
  std::lock_guard lock(mutex_);
  if (auto* existing = route.by_status[slot].load(std::memory_order_relaxed)) return *existing;
  auto series = std::make_unique<Series>(kHttpDurationBuckets.size());
  series->status =
      slot == kStatusSlots - 1 ? "other" : std::to_string(kFirstStatus + static_cast<int>(slot));
  Series& created = *series;
  series_.push_back(std::move(series));
  route.by_status[slot].store(&created, std::memory_order_release);
  return created;
}

std::vector<prometheus::MetricFamily> HttpServerMetrics::collect(
    HistogramExemplars* exemplars) const {
  if (exemplars != nullptr) {
    exemplars->family = "http_server_request_duration_seconds";
    exemplars->by_metric.clear();
  }
  prometheus::MetricFamily duration{"http_server_request_duration_seconds",
                                    "Duration of HTTP server requests.",
                                    prometheus::MetricType::Histogram,
                                    {}};
  const std::uint32_t routes = route_count_.load(std::memory_order_acquire);
  for (std::uint32_t r = 0; r < routes; ++r) {
    const Route& route = *routes_[r];
    for (std::size_t slot = 0; slot < kStatusSlots; ++slot) {
      const Series* series = route.by_status[slot].load(std::memory_order_acquire);
      if (series == nullptr) continue;
      prometheus::ClientMetric metric;
      // Label names in sorted order, as prometheus-cpp's Labels (a std::map) gave them.
      metric.label = {{"http_request_method", route.method},
                      {"http_response_status_code", series->status},
                      {"http_route", route.route}};
      std::uint64_t cumulative = 0;
      for (std::size_t b = 0; b < series->counts.size(); ++b) {
        cumulative += series->counts[b].load(std::memory_order_relaxed);
        metric.histogram.bucket.push_back(
            {cumulative, b < kHttpDurationBuckets.size()
                             ? kHttpDurationBuckets[b]
                             : std::numeric_limits<double>::infinity()});
      }
      metric.histogram.sample_count = cumulative;
      if (exemplars != nullptr) {
        auto& buckets = exemplars->by_metric.emplace_back(series->counts.size());
        for (std::size_t b = 0; b < buckets.size(); ++b) {
          Exemplar exemplar;
          if (series->exemplars[b].read(exemplar)) buckets[b] = exemplar;
        }
      }
      metric.histogram.sample_sum = series->sum.load(std::memory_order_relaxed);
      duration.metric.push_back(std::move(metric));
    }
  }
  prometheus::MetricFamily active{"http_server_active_requests",
                                  "Number of active HTTP server requests.",
                                  prometheus::MetricType::Gauge,
                                  {}};
  prometheus::ClientMetric value;
  value.gauge.value = static_cast<double>(active_.load(std::memory_order_relaxed));
  active.metric.push_back(std::move(value));
  std::vector<prometheus::MetricFamily> out;
  out.push_back(std::move(duration));
  out.push_back(std::move(active));
  return out;
}

}  // namespace authlens::metrics
