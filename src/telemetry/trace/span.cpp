#include "telemetry/trace/span.hpp"

#include <mutex>

#include "telemetry/trace/clock.hpp"
#include "telemetry/trace/inline_cost.hpp"
#include "telemetry/trace/tracer_state.hpp"

namespace authlens::trace {

Span::Span(std::shared_ptr<detail::TracerState> state, SpanContext context,
           std::unique_ptr<SpanData> data, bool cost_sampled) noexcept
    : state_(std::move(state)),
      context_(std::move(context)),
      data_(std::move(data)),
      recording_(data_ != nullptr),
      cost_sampled_(cost_sampled) {}

Span::~Span() { end(); }

void Span::set_value(std::string_view key, AttributeValue value) {
  if (!recording_ || ended_.load(std::memory_order_relaxed)) return;
  std::lock_guard lock(lock_);
  if (!data_) return;  // ended meanwhile
  if (data_->attributes.size() >= kMaxAttributesPerSpan) {
    for (auto& a : data_->attributes) {
      if (a.key == key) {
        a.value = std::move(value);
        return;
      }
    }
    ++data_->dropped_attributes;
    return;
  }
  upsert_attribute(data_->attributes, key, std::move(value));
}

void Span::set_attribute(std::string_view key, const char* value) {
  if (recording_) set_value(key, std::string(value ? value : ""));
}
void Span::set_attribute(std::string_view key, std::string_view value) {
  if (recording_) set_value(key, std::string(value));
}
void Span::set_attribute(std::string_view key, int value) {
  if (recording_) set_value(key, static_cast<std::int64_t>(value));
}
void Span::set_attribute(std::string_view key, std::int64_t value) {
  if (recording_) set_value(key, value);
}
void Span::set_attribute(std::string_view key, double value) {
  if (recording_) set_value(key, value);
}
void Span::set_attribute(std::string_view key, bool value) {
  if (recording_) set_value(key, value);
}

void Span::add_event(std::string_view name, Attributes attributes) {
  if (!recording_ || ended_.load(std::memory_order_relaxed)) return;
  SpanEvent event{now_unix_nano(), std::string(name), std::move(attributes)};
  std::lock_guard lock(lock_);
  if (!data_) return;  // ended meanwhile
  if (data_->events.size() >= kMaxEventsPerSpan) {
    ++data_->dropped_events;
    return;
  }
  data_->events.push_back(std::move(event));
}

void Span::set_status(StatusCode code, std::string_view description) {
  if (!recording_ || ended_.load(std::memory_order_relaxed) || code == StatusCode::kUnset) return;
  std::lock_guard lock(lock_);
  if (!data_) return;  // ended meanwhile
  if (data_->status == StatusCode::kOk) return;
  data_->status = code;
  data_->status_description = code == StatusCode::kError ? std::string(description) : "";
}

void Span::update_name(std::string_view name) {
  if (!recording_ || ended_.load(std::memory_order_relaxed)) return;
  std::lock_guard lock(lock_);
  if (!data_) return;  // ended meanwhile
  data_->name.assign(name);
}

void Span::add_link(const SpanContext& context) {
  if (!recording_ || ended_.load(std::memory_order_relaxed) || !context.is_valid()) return;
  std::lock_guard lock(lock_);
  if (!data_) return;  // ended meanwhile
  if (data_->links.size() >= kMaxLinksPerSpan) {
    ++data_->dropped_links;
    return;
  }
  data_->links.push_back(SpanLink{context});
}

void Span::end() {
  if (!recording_ || ended_.exchange(true, std::memory_order_acq_rel)) return;
  const std::uint64_t cpu_before = cost_sampled_ ? detail::thread_cpu_nanos() : 0;
  std::unique_ptr<SpanData> data;
  {
    std::lock_guard lock(lock_);
    data = std::move(data_);
  }
  data->end_time_unix_nano = now_unix_nano();
  if (data->end_time_unix_nano < data->start_time_unix_nano)
    data->end_time_unix_nano = data->start_time_unix_nano;
  state_->end_span(std::move(data));
  if (cost_sampled_) {
    state_->inline_cpu_nanos.fetch_add(static_cast<std::uint64_t>(telemetry::thread_cpu_ns_since(
                                           static_cast<std::int64_t>(cpu_before))) *
                                           detail::kInlineCostSampleEvery,
                                       std::memory_order_relaxed);
  }
}

}  // namespace authlens::trace
