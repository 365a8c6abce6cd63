#include "telemetry/trace/api/traceparent.hpp"

namespace authlens::trace {
namespace {

// Lowercase only: W3C forbids uppercase hex in traceparent.
int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool parse_hex(std::string_view text, std::uint8_t* out) noexcept {
  for (std::size_t i = 0; i < text.size() / 2; ++i) {
    int hi = hex_value(text[2 * i]);
    int lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return true;
}

bool tracestate_is_acceptable(std::string_view state) noexcept {
  if (state.size() > kMaxTracestateLength) return false;
  for (char c : state)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

}  // namespace

std::optional<SpanContext> extract_trace_context(std::string_view traceparent,
                                                 std::string_view tracestate) {
  if (traceparent.size() < kTraceparentLength) return std::nullopt;
  std::uint8_t version = 0;
  if (!parse_hex(traceparent.substr(0, 2), &version) || version == 0xff) return std::nullopt;
  // Version 00 has an exact length; later versions may append fields after a '-'.
  if (version == 0 && traceparent.size() != kTraceparentLength) return std::nullopt;
  if (traceparent.size() > kTraceparentLength && traceparent[kTraceparentLength] != '-')
    return std::nullopt;
  if (traceparent[2] != '-' || traceparent[35] != '-' || traceparent[52] != '-')
    return std::nullopt;

  SpanContext context;
  std::uint8_t flags = 0;
  if (!parse_hex(traceparent.substr(3, 32), context.trace_id.data()) ||
      !parse_hex(traceparent.substr(36, 16), context.span_id.data()) ||
      !parse_hex(traceparent.substr(53, 2), &flags))
    return std::nullopt;
  if (!context.is_valid()) return std::nullopt;
  // Only the sampled bit has a meaning we act on; unknown flags are not passed on.
  context.trace_flags = flags & kTraceFlagSampled;
  context.is_remote = true;
  if (tracestate_is_acceptable(tracestate)) context.trace_state = std::string(tracestate);
  return context;
}

void write_traceparent(const SpanContext& context, char out[kTraceparentLength]) noexcept {
  out[0] = '0';
  out[1] = '0';
  out[2] = '-';
  write_hex(context.trace_id.data(), context.trace_id.size(), out + 3);
  out[35] = '-';
  write_hex(context.span_id.data(), context.span_id.size(), out + 36);
  out[52] = '-';
  write_hex(&context.trace_flags, 1, out + 53);
}

std::string format_traceparent(const SpanContext& context) {
  std::string s(kTraceparentLength, '0');
  write_traceparent(context, s.data());
  return s;
}

}  // namespace authlens::trace
