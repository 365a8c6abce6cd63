#include "telemetry/trace/tracer_state.hpp"

namespace authlens::trace::detail {

TracerState::TracerState(std::unique_ptr<Sampler> sampler,
                         std::vector<std::unique_ptr<SpanProcessor>> processors, bool disabled)
    : sampler_(std::move(sampler)), processors_(std::move(processors)), disabled_(disabled) {}

void TracerState::end_span(std::shared_ptr<SpanData>&& data) noexcept {
  // Only sampled spans leave the process; record-only ones end here.
  if (!data->context.is_sampled() || processors_.empty()) return;
  SpanDataPtr finished(std::move(data));
  const std::size_t last = processors_.size() - 1;
  for (std::size_t i = 0; i < last; ++i) processors_[i]->on_end(finished);
  processors_[last]->on_end(std::move(finished));
}

}  // namespace authlens::trace::detail
