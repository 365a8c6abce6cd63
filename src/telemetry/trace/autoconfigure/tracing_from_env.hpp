#pragma once
// The tracing SDK put together from the OTEL_* environment, as the OpenTelemetry SDK spec's
// environment variables describe it (the "autoconfigure" piece of other SDKs): sampler, the
// exporters named by OTEL_TRACES_EXPORTER, each behind its processor, and the viewer's store.
// Only the wiring (src/app/application.cpp) and tools include this.
#include <memory>
#include <string>

#include "telemetry/trace/sdk/getenv.hpp"
#include "telemetry/trace/sdk/span_sink.hpp"
#include "telemetry/trace/sdk/tail_sampling_processor.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

namespace authlens::trace {

struct TracingOptions {
  std::string service_version;
  // Also receives every finished sampled span (the built-in viewer's store); may be null.
  std::shared_ptr<SpanSink> viewer_store;
  // False: the sampled flag of a remote parent (an incoming traceparent) is ignored and the
  // configured sampler decides; the trace id is continued all the same.
  bool trust_remote_sampling = true;
  // With OTEL_TRACES_SAMPLER=authlens_tail, the tail sampler counts into this (may be null).
  std::shared_ptr<TailSamplingCounters> tail_counters;
};

// Reads OTEL_SDK_DISABLED, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_EXPORTER,
// OTEL_EXPORTER_OTLP_*, OTEL_TRACES_SAMPLER(_ARG) and OTEL_BSP_*. Throws ConfigError
// (telemetry/config_error.hpp) naming the variable when a value is invalid; the app reports it
// and exits 2.
std::shared_ptr<TracerProvider> make_tracer_provider_from_env(const Getenv& getenv,
                                                              TracingOptions options);

}  // namespace authlens::trace
