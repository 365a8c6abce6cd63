#include "telemetry/trace/sdk/span_data.hpp"

namespace authlens::trace {

SpanData::SpanData() noexcept = default;  // defined here so it is user-provided: see the header

}  // namespace authlens::trace
