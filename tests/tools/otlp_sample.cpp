// Exports a few known spans over OTLP/HTTP, for the conformance test against the official
// opentelemetry-proto classes.
// Usage: otlp_sample URL http/protobuf|http/json [gzip]
#include <cstdio>
#include <string>

#include "telemetry/trace/api/traceparent.hpp"
#include "telemetry/trace/exporters/otlp_http_exporter.hpp"
#include "telemetry/trace/sdk/batch_span_processor.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

using namespace authlens::trace;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s URL http/protobuf|http/json [gzip]\n", argv[0]);
    return 2;
  }
  OtlpHttpOptions otlp;
  otlp.url = argv[1];
  const std::string protocol = argv[2];
  if (protocol == "http/json")
    otlp.protocol = OtlpProtocol::kHttpJson;
  else if (protocol != "http/protobuf")
    return 2;
  otlp.gzip = argc > 3 && std::string(argv[3]) == "gzip";
  otlp.timeout = std::chrono::seconds(5);

  Resource resource =
      make_resource_from_env([](std::string_view) { return std::nullopt; }, "0.1.0");
  std::vector<std::unique_ptr<SpanProcessor>> processors;
  processors.push_back(std::make_unique<BatchSpanProcessor>(
      std::make_unique<OtlpHttpExporter>(otlp, resource, InstrumentationScope{"authlens", "0.1.0"}),
      BatchOptions{}));
  TracerProvider provider(resource, make_parent_based_sampler(make_always_on_sampler()),
                          std::move(processors));
  Tracer& tracer = provider.tracer();

  auto remote = extract_trace_context("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                                      "vendor=opaque");
  SpanStartOptions server_options;
  server_options.kind = SpanKind::kServer;
  server_options.parent = remote;
  auto server = tracer.start_span("POST /login", server_options);
  server->set_attribute("http.request.method", "POST");
  server->set_attribute("http.route", "/login");
  server->set_attribute("http.response.status_code", 500);
  server->set_attribute("server.port", std::int64_t{8001});
  server->set_attribute("sample.ratio", 0.5);
  server->set_attribute("sample.flag", true);
  server->set_attribute("user_agent.original", "weird \xff bytes");  // sanitized to UTF-8
  {
    ContextScope scope(server->context());
    ScopedSpan db(tracer, "select_account", SpanKind::kClient);
    db->set_attribute("db.system", "sqlite");
    db->set_attribute("db.operation.name", "select_account");
    db->add_event("retry", {{"attempt", std::int64_t{1}}});
  }
  auto other = tracer.start_span("outbox.deliver", {});
  other->add_link(server->context());
  other->end();
  server->set_status(StatusCode::kError, "internal error");
  server->end();

  if (!provider.force_flush(std::chrono::seconds(10))) {
    std::fprintf(stderr, "otlp_sample: flush timed out\n");
    return 1;
  }
  const auto stats = provider.stats();
  provider.shutdown(std::chrono::seconds(5));
  std::printf("exported=%llu failed=%llu\n", static_cast<unsigned long long>(stats.spans_exported),
              static_cast<unsigned long long>(stats.spans_failed));
  return stats.spans_exported == 3 && stats.spans_failed == 0 ? 0 : 1;
}
