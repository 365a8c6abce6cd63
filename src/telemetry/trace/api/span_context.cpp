#include "telemetry/trace/api/span_context.hpp"

#include <array>
#include <cstring>

namespace authlens::trace {

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
