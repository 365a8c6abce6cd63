#pragma once
// Telemetry for every request at the HTTP seam: one SERVER span with the stable HTTP semantic
// convention attributes, the request-duration histogram and active-requests gauge, and one
// access-log line carrying the trace id. Instrumented code: it sees the tracing API only.
#include <memory>
#include <string>
#include <vector>

#include "http/instrumentation.hpp"
#include "http/router.hpp"
#include "telemetry/metrics/route_id.hpp"

namespace authlens::trace {
class Tracer;
}
namespace authlens::log {
class Logger;
}
namespace authlens::metrics {
class Metrics;
}

namespace authlens::app {

class RequestTelemetry final : public http::Instrumentation {
 public:
  // `metrics` may be null (metrics off). Routes are registered with the metrics now, so the
  // request path never creates a series.
  RequestTelemetry(trace::Tracer& tracer, metrics::Metrics* metrics, log::Logger& logger,
                   const http::Router& router);
  std::unique_ptr<http::RequestScope> start(const http::RequestView& request) override;

 private:
  friend class ServerRequestScope;
  trace::Tracer& tracer_;
  metrics::Metrics* metrics_;
  log::Logger& logger_;
  std::vector<metrics::RouteId> route_ids_;  // indexed by the router's route id
  std::vector<std::string> span_names_;      // "{method} {route}", indexed likewise
};

}  // namespace authlens::app
