#include "telemetry/trace/span_context.hpp"

#include "telemetry/trace/runtime_context.hpp"

namespace authlens::trace {
namespace {
const SpanContext kInvalid{};
thread_local const SpanContext* t_current = &kInvalid;

template <std::size_t N>
bool all_zero(const std::array<std::uint8_t, N>& a) {
  for (auto b : a)
    if (b != 0) return false;
  return true;
}
}  // namespace

bool SpanContext::is_valid() const noexcept { return !all_zero(trace_id) && !all_zero(span_id); }

void write_hex(const std::uint8_t* bytes, std::size_t n, char* out) noexcept {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
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

const SpanContext& current_span_context() noexcept { return *t_current; }

ContextScope::ContextScope(const SpanContext& context) noexcept : previous_(t_current) {
  t_current = &context;
}

ContextScope::~ContextScope() { t_current = previous_; }

}  // namespace authlens::trace
