#include "telemetry/trace/tracer_state.hpp"

namespace authlens::trace::detail {

TracerState::TracerState(std::unique_ptr<Sampler> sampler,
                         std::vector<std::unique_ptr<SpanProcessor>> processors, bool disabled)
    : sampler_(std::move(sampler)), processors_(std::move(processors)), disabled_(disabled) {}

void TracerState::end_span(std::unique_ptr<SpanData> data) noexcept {
  // Only sampled spans leave the process; record-only ones end here.
  if (!data->context.is_sampled() || processors_.empty()) return;
  SpanDataPtr finished(std::move(data));
  for (auto& p : processors_) p->on_end(finished);
}

}  // namespace authlens::trace::detail
