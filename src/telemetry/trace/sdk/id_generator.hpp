#pragma once
// Trace and span ids. Every response's traceparent shows them, and W3C Trace Context asks for ids
// a caller cannot predict (one trace id must not reveal the next request's), so they are read from
// a per-thread ChaCha20 keystream keyed from the kernel's CSPRNG: unpredictable like randombytes,
// at a fraction of a libsodium call per id.
#include "telemetry/trace/api/span_context.hpp"

namespace authlens::trace {

TraceId generate_trace_id() noexcept;  // never all zero
SpanId generate_span_id() noexcept;    // never all zero

}  // namespace authlens::trace
