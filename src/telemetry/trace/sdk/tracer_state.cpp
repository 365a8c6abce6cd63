#include "telemetry/trace/sdk/tracer_state.hpp"

namespace authlens::trace::detail {

TracerState::TracerState(std::unique_ptr<Sampler> sampler,
                         std::vector<std::unique_ptr<SpanProcessor>> processors)
    : sampler_(std::move(sampler)), processors_(std::move(processors)) {}

void TracerState::end_span(SpanDataPtr&& finished) noexcept {
  if (processors_.empty()) return;
  const std::size_t last = processors_.size() - 1;
  for (std::size_t i = 0; i < last; ++i) processors_[i]->on_end(finished);
  processors_[last]->on_end(std::move(finished));
}

}  // namespace authlens::trace::detail
