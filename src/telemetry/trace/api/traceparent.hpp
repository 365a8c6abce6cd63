#pragma once
// W3C Trace Context (https://www.w3.org/TR/trace-context/): the traceparent and tracestate headers.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "telemetry/trace/api/span_context.hpp"

namespace authlens::trace {

inline constexpr std::size_t kTraceparentLength = 55;
// W3C asks to propagate at least 512 characters; longer values are dropped, not truncated,
// because cutting a list member in half would corrupt another vendor's state.
inline constexpr std::size_t kMaxTracestateLength = 512;

// The remote parent these headers describe, or nullopt when traceparent is invalid (the caller
// then starts a new trace). tracestate is kept only alongside a valid traceparent.
std::optional<SpanContext> extract_trace_context(std::string_view traceparent,
                                                 std::string_view tracestate);

// "00-<trace id>-<span id>-<flags>".
std::string format_traceparent(const SpanContext& context);
// The same without allocating: writes exactly kTraceparentLength characters, no terminator.
void write_traceparent(const SpanContext& context, char out[kTraceparentLength]) noexcept;

}  // namespace authlens::trace
