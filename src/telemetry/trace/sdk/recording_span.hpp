#pragma once
// The SDK's span: one block holding the span and the SpanData it fills in (allocated with its
// shared_ptr control block from the span pool), so a recording span is one allocation, and
// what end() hands the processors is a view into that same block sharing its reference count.
#include <atomic>
#include <memory>

#include "telemetry/spin_lock.hpp"
#include "telemetry/trace/api/span.hpp"
#include "telemetry/trace/sdk/span_data.hpp"

namespace authlens::trace {

namespace detail {
class TracerState;
}

class RecordingSpan final : public Span, public std::enable_shared_from_this<RecordingSpan> {
 public:
  // Made by SdkTracer::start_span, which fills data() before anyone else sees the span;
  // `cost_sampled`: end() is timed for the SDK's cost accounting (telemetry/cost_sampler.hpp).
  RecordingSpan(std::shared_ptr<detail::TracerState> state, bool cost_sampled) noexcept;
  ~RecordingSpan() override;
  RecordingSpan(const RecordingSpan&) = delete;
  RecordingSpan& operator=(const RecordingSpan&) = delete;

  const SpanContext& context() const noexcept override { return data_.context; }
  bool is_recording() const noexcept override { return !ended_.load(std::memory_order_relaxed); }
  void add_event(std::string_view name, Attributes attributes) override;
  void set_status(StatusCode code, std::string_view description) override;
  void update_name(std::string_view name) override;
  void add_link(const SpanContext& context) override;
  void end() override;
  using Span::add_event;
  using Span::set_status;

  // Only for the tracer, while it starts the span.
  SpanData& data() noexcept { return data_; }

 private:
  void record(const AttributeArg& attribute) override;
  void record(std::span<const AttributeArg> attributes) override;
  void set_locked(const AttributeArg& attribute) noexcept;

  // Released by end(): an ended span (kept by the viewer or an export queue) must not keep the
  // provider's processors alive, which may keep it.
  std::shared_ptr<detail::TracerState> state_;
  telemetry::SpinLock lock_;
  std::atomic<bool> ended_{false};
  const bool cost_sampled_;
  SpanData data_;
};

}  // namespace authlens::trace
