#pragma once
// Tracer and ScopedSpan: how instrumented code starts spans. The Tracer is an interface; the SDK
// (telemetry/trace/sdk) implements it, and NoopTracer is what a disabled SDK hands out.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "telemetry/trace/api/context.hpp"
#include "telemetry/trace/api/span.hpp"

namespace authlens::trace {

struct SpanStartOptions {
  SpanKind kind = SpanKind::kInternal;
  std::optional<SpanContext> parent;       // nullopt → the thread's current span
  bool new_root = false;                   // ignore any parent: start a new trace
  std::uint64_t start_time_unix_nano = 0;  // 0 → now
  // The span's first attributes (the spec's attributes at creation, which samplers may see):
  // set before anyone else can see the span, so without taking its lock. Viewed only during
  // start_span.
  std::span<const AttributeArg> attributes;
};

class Tracer {
 public:
  virtual ~Tracer() = default;
  // Never null. Non-recording when sampled out or disabled; it then still carries the parent's
  // trace (with a new span id when the SDK is enabled) so propagation keeps working.
  virtual std::shared_ptr<Span> start_span(std::string_view name,
                                           const SpanStartOptions& options) = 0;
  std::shared_ptr<Span> start_span(std::string_view name) { return start_span(name, {}); }
};

// The API without an SDK: spans record nothing and pass the parent's context on unchanged.
class NoopTracer final : public Tracer {
 public:
  std::shared_ptr<Span> start_span(std::string_view name, const SpanStartOptions& options) override;
  using Tracer::start_span;
};

// A handle on the process's NullSpan, owning nothing (no reference count to touch).
std::shared_ptr<Span> null_span_handle() noexcept;

// Starts a child of the thread's current span, makes it current for its lifetime and ends it on
// destruction. Lives on one thread: do not keep one across a co_await that may resume elsewhere
// (capture span->context() and pass it as SpanStartOptions::parent instead).
class ScopedSpan {
 public:
  ScopedSpan(Tracer& tracer, std::string_view name, SpanKind kind = SpanKind::kInternal);
  ScopedSpan(Tracer& tracer, std::string_view name, const SpanStartOptions& options);
  ~ScopedSpan();
  ScopedSpan(const ScopedSpan&) = delete;
  ScopedSpan& operator=(const ScopedSpan&) = delete;

  Span* operator->() const noexcept { return span_.get(); }
  Span& span() const noexcept { return *span_; }

 private:
  std::shared_ptr<Span> span_;
  ContextScope scope_;
};

}  // namespace authlens::trace
