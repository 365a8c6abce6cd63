#pragma once
// A span of the OpenTelemetry API. Recording spans collect data until end(); non-recording ones
// (sampled out, SDK disabled) only carry a context for propagation and ignore everything else.
#include <atomic>
#include <concepts>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string_view>

#include "telemetry/spin_lock.hpp"
#include "telemetry/trace/attributes.hpp"
#include "telemetry/trace/span_context.hpp"
#include "telemetry/trace/span_data.hpp"

namespace authlens::trace {

namespace detail {
class TracerState;
}

// Safe to use from several threads (the spec asks it); end() is idempotent and the destructor
// ends an un-ended span. Keys: semconv constants are stored as views, other text is copied.
class Span {
 public:
  // Made by Tracer::start_span; `data` null means non-recording; `cost_sampled`: end() is timed
  // for the SDK's cost accounting (telemetry/cost_sampler.hpp), as start_span was.
  Span(std::shared_ptr<detail::TracerState> state, SpanContext context,
       std::shared_ptr<SpanData> data, bool cost_sampled) noexcept;
  ~Span();
  Span(const Span&) = delete;
  Span& operator=(const Span&) = delete;

  bool is_recording() const noexcept {
    return recording_ && !ended_.load(std::memory_order_relaxed);
  }
  const SpanContext& context() const noexcept { return context_; }

  // Explicit overloads so a string literal is a string, never a bool.
  void set_attribute(KeyArg key, const char* value);
  void set_attribute(KeyArg key, std::string_view value);
  void set_attribute(KeyArg key, int value);
  void set_attribute(KeyArg key, std::int64_t value);
  void set_attribute(KeyArg key, double value);
  void set_attribute(KeyArg key, bool value);
  // Other integer types (unsigned, long long, size_t): stored as int64, saturating.
  template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, int> &&
           !std::same_as<T, std::int64_t>) void set_attribute(KeyArg key, T value) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
      constexpr auto kMax = static_cast<T>(std::numeric_limits<std::int64_t>::max());
      set_attribute(key, static_cast<std::int64_t>(value > kMax ? kMax : value));
    } else {
      set_attribute(key, static_cast<std::int64_t>(value));
    }
  }

  // Several at once, under one lock.
  void set_attributes(std::span<const AttributeArg> attributes);

  void add_event(std::string_view name, Attributes attributes = {});
  // Spec rules: Unset is ignored, Ok is final, the description is kept only for Error.
  void set_status(StatusCode code, std::string_view description = {});
  void update_name(std::string_view name);
  void add_link(const SpanContext& context);
  void end();

 private:
  void set(const AttributeArg& attribute);

  std::shared_ptr<detail::TracerState> state_;
  SpanContext context_;
  std::shared_ptr<SpanData> data_;  // handed to the processors by end()
  const bool recording_;
  telemetry::SpinLock lock_;
  std::atomic<bool> ended_{false};
  const bool cost_sampled_;
};

}  // namespace authlens::trace
