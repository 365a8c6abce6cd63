#include "telemetry/trace/autoconfigure/tracing_from_env.hpp"

#include "telemetry/trace/autoconfigure/sdk_config.hpp"
#include "telemetry/trace/exporters/console_exporter.hpp"
#include "telemetry/trace/exporters/otlp_http_exporter.hpp"
#include "telemetry/trace/sdk/batch_span_processor.hpp"
#include "telemetry/trace/sdk/simple_span_processor.hpp"
#include "telemetry/trace/sdk/sink_span_processor.hpp"
#include "telemetry/trace/sdk/tail_sampling_processor.hpp"

namespace authlens::trace {
namespace {

std::unique_ptr<Sampler> make_sampler(const SdkConfig& config, bool trust_remote) {
  switch (config.sampler) {
    case SamplerKind::kAlwaysOn:
      return make_always_on_sampler();
    case SamplerKind::kAlwaysOff:
      return make_always_off_sampler();
    case SamplerKind::kTraceIdRatio:
      return make_trace_id_ratio_sampler(config.sampler_ratio);
    case SamplerKind::kParentBasedAlwaysOn:
      return make_parent_based_sampler(make_always_on_sampler(), trust_remote);
    case SamplerKind::kParentBasedAlwaysOff:
      return make_parent_based_sampler(make_always_off_sampler(), trust_remote);
    case SamplerKind::kParentBasedTraceIdRatio:
      return make_parent_based_sampler(make_trace_id_ratio_sampler(config.sampler_ratio),
                                       trust_remote);
    case SamplerKind::kAuthlensTail:  // everything is recorded; the tail processor decides
      return make_always_on_sampler();
  }
  return make_parent_based_sampler(make_always_on_sampler(), trust_remote);
}

}  // namespace

std::shared_ptr<TracerProvider> make_tracer_provider_from_env(const Getenv& getenv,
                                                              TracingOptions options) {
  const SdkConfig config = read_sdk_config(getenv);
  if (config.disabled) return TracerProvider::create_disabled();
  Resource resource = make_resource_from_env(getenv, options.service_version);
  const InstrumentationScope scope{"authlens", options.service_version};

  std::vector<std::unique_ptr<SpanProcessor>> processors;
  for (ExporterKind kind : config.exporters) {
    if (kind == ExporterKind::kOtlp) {
      processors.push_back(std::make_unique<BatchSpanProcessor>(
          std::make_unique<OtlpHttpExporter>(config.otlp, resource, scope), config.batch));
    } else {
      processors.push_back(
          std::make_unique<SimpleSpanProcessor>(std::make_unique<ConsoleSpanExporter>()));
    }
  }
  if (options.viewer_store)
    processors.push_back(std::make_unique<SinkSpanProcessor>(std::move(options.viewer_store)));
  if (config.sampler == SamplerKind::kAuthlensTail) {
    // Every processor (exporters and the viewer) sees kept traces only, each one whole.
    auto tail = std::make_unique<TailSamplingProcessor>(std::move(processors), config.tail,
                                                        std::move(options.tail_counters));
    processors.clear();
    processors.push_back(std::move(tail));
  }
  return std::make_shared<TracerProvider>(std::move(resource),
                                          make_sampler(config, options.trust_remote_sampling),
                                          std::move(processors));
}

}  // namespace authlens::trace
