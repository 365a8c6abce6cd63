#pragma once
// Tracer and ScopedSpan: how instrumented code starts spans.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "telemetry/trace/runtime_context.hpp"
#include "telemetry/trace/span.hpp"

namespace authlens::trace {

struct SpanStartOptions {
  SpanKind kind = SpanKind::kInternal;
  std::optional<SpanContext> parent;       // nullopt → the thread's current_span_context()
  bool new_root = false;                   // ignore any parent: start a new trace
  std::uint64_t start_time_unix_nano = 0;  // 0 → now
  // The span's first attributes (the spec's attributes at creation): set before anyone else
  // can see the span, so without taking its lock. Viewed only during start_span.
  std::span<const AttributeArg> attributes;
  // Attributes already encoded that the span starts with, before `attributes`: those that are
  // the same for many spans (a server's scheme, address and port), encoded once by the caller
  // and copied as one block. Viewed only during start_span.
  const SpanAttributes* constant_attributes = nullptr;
};

class Tracer {
 public:
  explicit Tracer(std::shared_ptr<detail::TracerState> state) : state_(std::move(state)) {}

  // Never null. Non-recording when sampled out or disabled; it then still carries the parent's
  // trace (with a new span id when the SDK is enabled) so propagation keeps working.
  std::shared_ptr<Span> start_span(std::string_view name, const SpanStartOptions& options = {});

 private:
  std::shared_ptr<detail::TracerState> state_;
};

// Starts a child of the thread's current context, makes it current for its lifetime and ends it
// on destruction. Lives on one thread: do not keep one across a co_await that may resume
// elsewhere (capture span->context() and pass it as SpanStartOptions::parent instead).
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
