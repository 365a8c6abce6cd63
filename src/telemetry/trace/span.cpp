#include "telemetry/trace/span.hpp"

#include <mutex>

#include "telemetry/trace/clock.hpp"
#include "telemetry/trace/tracer_state.hpp"

namespace authlens::trace {

Span::Span(std::shared_ptr<detail::TracerState> state, SpanContext context,
           std::shared_ptr<SpanData> data, bool cost_sampled) noexcept
    : state_(std::move(state)),
      context_(std::move(context)),
      data_(std::move(data)),
      recording_(data_ != nullptr),
      cost_sampled_(cost_sampled) {}

Span::~Span() { end(); }

void Span::set(const AttributeArg& attribute) {
  if (!recording_ || ended_.load(std::memory_order_relaxed)) return;
  std::lock_guard lock(lock_);
  if (!data_) return;  // ended meanwhile
  try {
    if (!data_->attributes.set(attribute, kMaxAttributesPerSpan)) ++data_->dropped_attributes;
  } catch (...) {  // out of memory: the attribute is dropped, the request goes on
    ++data_->dropped_attributes;
  }
}

void Span::set_attributes(std::span<const AttributeArg> attributes) {
  if (!recording_ || ended_.load(std::memory_order_relaxed)) return;
  std::lock_guard lock(lock_);
  if (!data_) return;  // ended meanwhile
  for (const auto& attribute : attributes) {
    try {
      if (!data_->attributes.set(attribute, kMaxAttributesPerSpan)) ++data_->dropped_attributes;
    } catch (...) {
      ++data_->dropped_attributes;
    }
  }
}

void Span::set_attribute(KeyArg key, const char* value) { set(AttributeArg(key, value)); }
void Span::set_attribute(KeyArg key, std::string_view value) { set(AttributeArg(key, value)); }
void Span::set_attribute(KeyArg key, int value) { set(AttributeArg(key, value)); }
void Span::set_attribute(KeyArg key, std::int64_t value) { set(AttributeArg(key, value)); }
void Span::set_attribute(KeyArg key, double value) { set(AttributeArg(key, value)); }
void Span::set_attribute(KeyArg key, bool value) { set(AttributeArg(key, value)); }

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
  const std::int64_t cpu_before = cost_sampled_ ? telemetry::thread_cpu_ns() : 0;
  std::shared_ptr<SpanData> data;
  {
    std::lock_guard lock(lock_);
    data = std::move(data_);
  }
  data->end_time_unix_nano = now_unix_nano();
  if (data->end_time_unix_nano < data->start_time_unix_nano)
    data->end_time_unix_nano = data->start_time_unix_nano;
  state_->end_span(std::move(data));
  if (cost_sampled_) state_->inline_cost.add_sampled(cpu_before);
}

}  // namespace authlens::trace
