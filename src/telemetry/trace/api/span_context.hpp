#pragma once
// The identity of a span as W3C Trace Context and the OpenTelemetry API define it.
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace authlens::trace {

using TraceId = std::array<std::uint8_t, 16>;
using SpanId = std::array<std::uint8_t, 8>;

inline constexpr std::uint8_t kTraceFlagSampled = 0x01;

struct SpanContext {
  TraceId trace_id{};
  SpanId span_id{};
  std::uint8_t trace_flags = 0;
  std::string trace_state;  // opaque W3C tracestate, passed on unchanged
  bool is_remote = false;

  // Valid when both ids are non-zero (W3C: all-zero ids are invalid). Inline: every span start,
  // database span and log line asks.
  bool is_valid() const noexcept {
    std::uint64_t hi, lo, span;
    std::memcpy(&hi, trace_id.data(), 8);
    std::memcpy(&lo, trace_id.data() + 8, 8);
    std::memcpy(&span, span_id.data(), 8);
    return (hi | lo) != 0 && span != 0;
  }
  bool is_sampled() const noexcept { return (trace_flags & kTraceFlagSampled) != 0; }
};

// Lower-case hex, as W3C traceparent, OTLP/JSON and log lines write ids.
std::string to_hex(const TraceId& id);
std::string to_hex(const SpanId& id);
namespace detail {
// Both hex digits of a byte from one table entry: one load and one store per byte.
inline constexpr auto kHexPairs = [] {
  std::array<std::array<char, 2>, 256> t{};
  constexpr char kDigits[] = "0123456789abcdef";
  for (int b = 0; b < 256; ++b) t[b] = {kDigits[b >> 4], kDigits[b & 0x0f]};
  return t;
}();
}  // namespace detail

// Writes 2*N hex characters to out (no terminator); for hot paths that avoid allocation.
// Inline: callers pass a constant size (an id's), so the loop unrolls.
inline void write_hex(const std::uint8_t* bytes, std::size_t n, char* out) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    std::memcpy(out + 2 * i, detail::kHexPairs[bytes[i]].data(), 2);
}

}  // namespace authlens::trace
