#include "telemetry/trace/sdk/recording_span.hpp"

#include <algorithm>
#include <mutex>

#include "base/clock.hpp"
#include "telemetry/thread_cpu.hpp"
#include "telemetry/trace/sdk/tracer_state.hpp"

namespace authlens::trace {

RecordingSpan::RecordingSpan(std::shared_ptr<detail::TracerState> state, bool cost_sampled) noexcept
    : state_(std::move(state)), cost_sampled_(cost_sampled) {}

// Dropped without end(): ended here, as the spec's SDKs do, from a copy of its data (this block
// is going away with the last reference).
RecordingSpan::~RecordingSpan() {
  if (ended_.load(std::memory_order_relaxed) || !state_) return;
  data_.end_time_unix_nano = std::max(SystemClock::unix_nano(), data_.start_time_unix_nano);
  if (!data_.context.is_sampled()) return;
  try {
    state_->end_span(std::make_shared<const SpanData>(std::move(data_)));
  } catch (...) {  // out of memory: the span is lost, nothing else
  }
}

void RecordingSpan::set_locked(const AttributeArg& attribute) noexcept {
  try {
    if (!data_.attributes.set(attribute, kMaxAttributesPerSpan)) ++data_.dropped_attributes;
  } catch (...) {  // out of memory: the attribute is dropped, the request goes on
    ++data_.dropped_attributes;
  }
}

void RecordingSpan::record(const AttributeArg& attribute) {
  if (ended_.load(std::memory_order_relaxed)) return;
  std::lock_guard lock(lock_);
  if (ended_.load(std::memory_order_relaxed)) return;  // ended meanwhile
  set_locked(attribute);
}

void RecordingSpan::record(std::span<const AttributeArg> attributes) {
  if (ended_.load(std::memory_order_relaxed)) return;
  std::lock_guard lock(lock_);
  if (ended_.load(std::memory_order_relaxed)) return;
  for (const auto& attribute : attributes) set_locked(attribute);
}

void RecordingSpan::add_event(std::string_view name, Attributes attributes) {
  if (ended_.load(std::memory_order_relaxed)) return;
  SpanEvent event{SystemClock::unix_nano(), std::string(name), std::move(attributes)};
  std::lock_guard lock(lock_);
  if (ended_.load(std::memory_order_relaxed)) return;
  if (data_.events.size() >= kMaxEventsPerSpan) {
    ++data_.dropped_events;
    return;
  }
  data_.events.push_back(std::move(event));
}

void RecordingSpan::set_status(StatusCode code, std::string_view description) {
  if (ended_.load(std::memory_order_relaxed) || code == StatusCode::kUnset) return;
  std::lock_guard lock(lock_);
  if (ended_.load(std::memory_order_relaxed) || data_.status == StatusCode::kOk) return;
  data_.status = code;
  data_.status_description = code == StatusCode::kError ? std::string(description) : "";
}

void RecordingSpan::update_name(std::string_view name) {
  if (ended_.load(std::memory_order_relaxed)) return;
  std::lock_guard lock(lock_);
  if (ended_.load(std::memory_order_relaxed)) return;
  data_.name.assign(name);
}

void RecordingSpan::add_link(const SpanContext& context) {
  if (ended_.load(std::memory_order_relaxed) || !context.is_valid()) return;
  std::lock_guard lock(lock_);
  if (ended_.load(std::memory_order_relaxed)) return;
  if (data_.links.size() >= kMaxLinksPerSpan) {
    ++data_.dropped_links;
    return;
  }
  data_.links.push_back(SpanLink{context});
}

void RecordingSpan::end() {
  if (ended_.load(std::memory_order_relaxed)) return;
  const std::int64_t cpu_before = cost_sampled_ ? telemetry::thread_cpu_ns() : 0;
  std::shared_ptr<detail::TracerState> state;
  {
    // Under the lock, so a setter that passed its first check finishes before the data is
    // handed on, and none starts after.
    std::lock_guard lock(lock_);
    if (ended_.exchange(true, std::memory_order_acq_rel)) return;
    state = std::move(state_);
  }
  data_.end_time_unix_nano = SystemClock::unix_nano();
  if (data_.end_time_unix_nano < data_.start_time_unix_nano)
    data_.end_time_unix_nano = data_.start_time_unix_nano;
  if (data_.context.is_sampled()) state->end_span(SpanDataPtr(shared_from_this(), &data_));
  if (cost_sampled_) state->inline_cost.add_sampled(cpu_before);
}

}  // namespace authlens::trace
