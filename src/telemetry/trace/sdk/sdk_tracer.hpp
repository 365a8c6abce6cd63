#pragma once
// The SDK's Tracer: ids, the sampler's decision, and a RecordingSpan (or a NonRecordingSpan
// carrying the context when sampled out), all from the span pool.
#include <memory>

#include "telemetry/trace/api/tracer.hpp"

namespace authlens::trace {

namespace detail {
class TracerState;
}

class SdkTracer final : public Tracer {
 public:
  explicit SdkTracer(std::shared_ptr<detail::TracerState> state) : state_(std::move(state)) {}
  std::shared_ptr<Span> start_span(std::string_view name, const SpanStartOptions& options) override;
  using Tracer::start_span;

 private:
  std::shared_ptr<detail::TracerState> state_;
};

}  // namespace authlens::trace
