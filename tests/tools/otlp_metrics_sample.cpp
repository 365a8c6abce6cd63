// Exports the service's metrics (a few requests and events recorded, one exemplar) once over
// OTLP/HTTP protobuf, for the conformance test against the official opentelemetry-proto classes.
// Usage: otlp_metrics_sample URL [gzip]
#include <cstdio>
#include <string>

#include "telemetry/metrics/metrics.hpp"
#include "telemetry/otlp_metrics/periodic_exporter.hpp"

using namespace authlens;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s URL [gzip]\n", argv[0]);
    return 2;
  }
  trace::OtlpHttpOptions otlp;
  otlp.url = argv[1];
  otlp.gzip = argc > 2 && std::string(argv[2]) == "gzip";
  otlp.timeout = std::chrono::seconds(5);

  metrics::Metrics m;
  const auto login = m.register_route("POST", "/login");
  metrics::TraceRef trace;
  trace.trace_id.fill(0x4b);
  trace.span_id.fill(0x0f);
  m.observe_request(login, 200, 0.07, &trace);
  m.observe_request(login, 401, 0.05);
  m.auth_event("login", "ok");
  m.password_hash("verify", 0.058);
  m.mail_delivery("sent");
  m.set_outbox_pending_source([] { return 2.0; });

  trace::OtlpHttpSender sender(otlp);
  otlp_metrics::PeriodicOptions options;
  options.interval = std::chrono::hours(1);  // only the export below and the one at shutdown
  otlp_metrics::PeriodicExporter exporter(
      m,
      [&sender](std::string_view body, std::chrono::milliseconds timeout) {
        return sender.send(body, timeout);
      },
      [&sender] { sender.shutdown(); },
      trace::make_resource_from_env([](std::string_view) { return std::nullopt; }, "0.1.0"),
      trace::InstrumentationScope{"authlens", "0.1.0"}, options);
  const bool ok = exporter.export_once();
  exporter.shutdown();
  const auto stats = exporter.stats();
  std::printf("exports=%llu failed=%llu\n", static_cast<unsigned long long>(stats.exports),
              static_cast<unsigned long long>(stats.failed));
  return ok && stats.exports == 2 && stats.failed == 0 ? 0 : 1;
}
