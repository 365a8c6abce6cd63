#include "telemetry/trace/tracer_provider.hpp"

#include "telemetry/trace/batch_span_processor.hpp"
#include "telemetry/trace/console_exporter.hpp"
#include "telemetry/trace/otlp_http_exporter.hpp"
#include "telemetry/trace/sdk_config.hpp"
#include "telemetry/trace/simple_span_processor.hpp"
#include "telemetry/trace/sink_span_processor.hpp"
#include "telemetry/trace/tracer_state.hpp"

namespace authlens::trace {
namespace {

std::unique_ptr<Sampler> make_sampler(const SdkConfig& config) {
  switch (config.sampler) {
    case SamplerKind::kAlwaysOn:
      return make_always_on_sampler();
    case SamplerKind::kAlwaysOff:
      return make_always_off_sampler();
    case SamplerKind::kTraceIdRatio:
      return make_trace_id_ratio_sampler(config.sampler_ratio);
    case SamplerKind::kParentBasedAlwaysOn:
      return make_parent_based_sampler(make_always_on_sampler());
    case SamplerKind::kParentBasedAlwaysOff:
      return make_parent_based_sampler(make_always_off_sampler());
    case SamplerKind::kParentBasedTraceIdRatio:
      return make_parent_based_sampler(make_trace_id_ratio_sampler(config.sampler_ratio));
  }
  return make_parent_based_sampler(make_always_on_sampler());
}

}  // namespace

std::shared_ptr<TracerProvider> TracerProvider::create_from_env(
    const Getenv& getenv, std::string service_version, std::shared_ptr<SpanSink> viewer_store) {
  const SdkConfig config = read_sdk_config(getenv);
  if (config.disabled) return create_disabled();
  Resource resource = make_resource_from_env(getenv, service_version);
  const InstrumentationScope scope{"authlens", service_version};

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
  if (viewer_store)
    processors.push_back(std::make_unique<SinkSpanProcessor>(std::move(viewer_store)));
  return std::make_shared<TracerProvider>(std::move(resource), make_sampler(config),
                                          std::move(processors));
}

std::shared_ptr<TracerProvider> TracerProvider::create_disabled() {
  return std::shared_ptr<TracerProvider>(new TracerProvider());
}

TracerProvider::TracerProvider()
    : state_(std::make_shared<detail::TracerState>(make_always_off_sampler(),
                                                   std::vector<std::unique_ptr<SpanProcessor>>{},
                                                   /*disabled=*/true)),
      tracer_(state_) {}

TracerProvider::TracerProvider(Resource resource, std::unique_ptr<Sampler> sampler,
                               std::vector<std::unique_ptr<SpanProcessor>> processors)
    : resource_(std::move(resource)),
      state_(std::make_shared<detail::TracerState>(std::move(sampler), std::move(processors),
                                                   /*disabled=*/false)),
      tracer_(state_) {}

TracerProvider::~TracerProvider() { shutdown(std::chrono::seconds(5)); }

bool TracerProvider::enabled() const noexcept { return !state_->disabled(); }

bool TracerProvider::force_flush(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool ok = true;
  for (auto& p : state_->processors()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    ok = p->force_flush(std::max(left, std::chrono::milliseconds(0))) && ok;
  }
  return ok;
}

void TracerProvider::shutdown(std::chrono::milliseconds timeout) {
  if (shut_down_) return;
  shut_down_ = true;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (auto& p : state_->processors()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    p->shutdown(std::max(left, std::chrono::milliseconds(0)));
  }
}

TracerProvider::Stats TracerProvider::stats() const {
  Stats s;
  s.spans_started = state_->spans_started.load(std::memory_order_relaxed);
  std::uint64_t cpu = static_cast<std::uint64_t>(state_->inline_cost.ns());
  for (const auto& p : state_->processors()) {
    const ProcessorStats ps = p->stats();
    s.spans_exported += ps.exported;
    s.spans_dropped += ps.dropped;
    s.spans_failed += ps.failed;
    cpu += ps.cpu_nanos;
  }
  s.cpu_seconds = static_cast<double>(cpu) / 1e9;
  return s;
}

}  // namespace authlens::trace
