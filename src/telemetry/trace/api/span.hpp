#pragma once
// A span as instrumented code sees it (the OpenTelemetry API's Span): an interface, so the SDK
// records behind it and "off" is a span that does nothing, never a null check. NullSpan is the
// span of no trace at all (Envoy's NullSpan::instance()); NonRecordingSpan carries a context to
// propagate (a sampled-out request, a disabled SDK under a remote parent) and ignores the rest.
#include <concepts>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <type_traits>

#include "telemetry/trace/api/attributes.hpp"
#include "telemetry/trace/api/span_context.hpp"

namespace authlens::trace {

// Values are OTLP's, so encoders write them as they are.
enum class SpanKind { kInternal = 1, kServer = 2, kClient = 3, kProducer = 4, kConsumer = 5 };
enum class StatusCode { kUnset = 0, kOk = 1, kError = 2 };

const char* to_string(SpanKind kind) noexcept;
const char* to_string(StatusCode code) noexcept;

// Safe to use from several threads (the spec asks it); end() is idempotent; after it every
// call is ignored. Keys: semconv constants (StaticKey) are kept as views, other text is copied.
class Span {
 public:
  virtual ~Span() = default;

  virtual const SpanContext& context() const noexcept = 0;
  // False for spans that record nothing (sampled out, SDK disabled, NullSpan) and once ended.
  virtual bool is_recording() const noexcept = 0;

  // Explicit overloads so a string literal is a string, never a bool.
  void set_attribute(KeyArg key, const char* value) { record(AttributeArg(key, value)); }
  void set_attribute(KeyArg key, std::string_view value) { record(AttributeArg(key, value)); }
  void set_attribute(KeyArg key, const std::string& value) { record(AttributeArg(key, value)); }
  void set_attribute(KeyArg key, int value) { record(AttributeArg(key, value)); }
  void set_attribute(KeyArg key, std::int64_t value) { record(AttributeArg(key, value)); }
  void set_attribute(KeyArg key, double value) { record(AttributeArg(key, value)); }
  void set_attribute(KeyArg key, bool value) { record(AttributeArg(key, value)); }
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
  // Several at once (under one lock, for the SDK's span).
  void set_attributes(std::span<const AttributeArg> attributes) { record(attributes); }

  virtual void add_event(std::string_view name, Attributes attributes) = 0;
  void add_event(std::string_view name) { add_event(name, Attributes{}); }
  // Spec rules: Unset is ignored, Ok is final, the description is kept only for Error.
  virtual void set_status(StatusCode code, std::string_view description) = 0;
  void set_status(StatusCode code) { set_status(code, {}); }
  virtual void update_name(std::string_view name) = 0;
  virtual void add_link(const SpanContext& context) = 0;
  virtual void end() = 0;

 protected:
  Span() = default;
  Span(const Span&) = default;
  Span& operator=(const Span&) = default;

 private:
  virtual void record(const AttributeArg& attribute) = 0;
  virtual void record(std::span<const AttributeArg> attributes) = 0;
};

// A span that only carries a context: what a sampled-out span is, and what a disabled SDK hands
// out under a remote parent, so the trace id still reaches the response and the logs.
class NonRecordingSpan : public Span {
 public:
  explicit NonRecordingSpan(SpanContext context) noexcept : context_(std::move(context)) {}

  const SpanContext& context() const noexcept final { return context_; }
  bool is_recording() const noexcept final { return false; }
  void add_event(std::string_view, Attributes) final {}
  void set_status(StatusCode, std::string_view) final {}
  void update_name(std::string_view) final {}
  void add_link(const SpanContext&) final {}
  void end() final {}

 private:
  void record(const AttributeArg&) final {}
  void record(std::span<const AttributeArg>) final {}

  SpanContext context_;
};

// The span of no trace: an invalid context, nothing recorded. One for the whole process.
class NullSpan final : public NonRecordingSpan {
 public:
  static NullSpan& instance() noexcept;

 private:
  NullSpan() noexcept : NonRecordingSpan(SpanContext{}) {}
};

}  // namespace authlens::trace
