#include "telemetry/trace/api/span_context.hpp"

#include <array>
#include <cstring>

namespace authlens::trace {

bool SpanContext::is_valid() const noexcept {
  std::uint64_t hi, lo, span;
  std::memcpy(&hi, trace_id.data(), 8);
  std::memcpy(&lo, trace_id.data() + 8, 8);
  std::memcpy(&span, span_id.data(), 8);
  return (hi | lo) != 0 && span != 0;
}

std::string to_hex(const TraceId& id) {
  std::string s(32, '0');
  write_hex(id.data(), id.size(), s.data());
  return s;
}

std::string to_hex(const SpanId& id) {
  std::string s(16, '0');
  write_hex(id.data(), id.size(), s.data());
  return s;
}

}  // namespace authlens::trace
