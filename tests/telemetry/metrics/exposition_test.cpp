// Writes a fully populated exposition to $AUTHLENS_METRICS_EXPOSITION (and its OpenMetrics
// form, with an exemplar, to $AUTHLENS_OPENMETRICS_EXPOSITION) for
// scripts/test.d/promtool-metrics.sh, which checks them with `promtool check metrics` and an
// OpenMetrics parser.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "telemetry/metrics/metrics.hpp"

namespace authlens::metrics {
namespace {

TEST(MetricsExposition, WritesEveryFamilyForPromtool) {
  const char* path = std::getenv("AUTHLENS_METRICS_EXPOSITION");
  if (path == nullptr) GTEST_SKIP() << "AUTHLENS_METRICS_EXPOSITION not set";
  Metrics m;
  const RouteId login = m.register_route("POST", "/login");
  TraceRef sampled;
  sampled.trace_id.fill(0x4b);
  sampled.span_id.fill(0x0f);
  m.observe_request(login, 200, 0.07, &sampled);
  m.observe_request(login, 401, 0.05);
  m.observe_request(m.unmatched_route("GET"), 404, 0.0004);
  m.request_started();
  m.auth_event("login", "success");
  m.auth_event("register", "verification_sent");
  m.password_hash("hash", 0.06);
  m.password_hash("verify", 0.058);
  m.mail_delivery("sent");
  m.set_outbox_pending_source([] { return 2.0; });
  m.set_telemetry_cpu_source("traces", [] { return 0.5; });
  m.set_telemetry_cpu_source("logs", [] { return 0.25; });
  m.set_counter_source("authlens_spans_exported_total", "", [] { return 12.0; });
  m.render();
  std::ofstream out(path);
  out << m.render();
  ASSERT_TRUE(out.good());
  if (const char* openmetrics = std::getenv("AUTHLENS_OPENMETRICS_EXPOSITION")) {
    std::ofstream om(openmetrics);
    om << m.render(Metrics::Format::kOpenMetrics);
    ASSERT_TRUE(om.good());
  }
}

}  // namespace
}  // namespace authlens::metrics
