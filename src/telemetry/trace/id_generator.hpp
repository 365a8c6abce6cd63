#pragma once
// Trace and span ids: fast per-thread pseudo-random numbers. Ids need to be unique, not secret, so
// a non-cryptographic generator seeded once per thread from the kernel is enough.
#include "telemetry/trace/span_context.hpp"

namespace authlens::trace {

TraceId generate_trace_id() noexcept;  // never all zero
SpanId generate_span_id() noexcept;    // never all zero

}  // namespace authlens::trace
