#include "telemetry/viewer/recent_traces.hpp"

#include <algorithm>
#include <mutex>

namespace authlens::viewer {

RecentTraces::RecentTraces(std::size_t max_traces, std::size_t max_spans_per_trace)
    : max_traces_(max_traces == 0 ? 1 : max_traces),
      max_spans_per_trace_(max_spans_per_trace),
      traces_(max_traces_),
      spans_(max_traces_ * max_spans_per_trace_),
      index_(max_traces_) {}

std::uint32_t RecentTraces::newest_place() const noexcept {
  const std::size_t place = oldest_ + kept_ - 1;
  return static_cast<std::uint32_t>(place < max_traces_ ? place : place - max_traces_);
}

std::uint32_t RecentTraces::admit(const trace::TraceId& trace_id) noexcept {
  std::size_t place = 0;
  if (kept_ == max_traces_) {
    place = oldest_;  // the oldest trace is forgotten whole
    index_.erase(traces_[place].id);
    oldest_ = oldest_ + 1 == max_traces_ ? 0 : oldest_ + 1;
  } else {
    ++kept_;
    place = newest_place();
  }
  traces_[place] = Trace{trace_id, next_serial_++, 0, 0};
  index_.insert(trace_id, static_cast<std::uint32_t>(place));
  return static_cast<std::uint32_t>(place);
}

void RecentTraces::add(trace::SpanDataPtr span) {
  if (!span) return;
  const trace::TraceId& trace_id = span->context.trace_id;
  std::lock_guard lock(lock_);
  // A trace's spans end close together, its root last: the newest trace is checked first.
  std::uint32_t place = kept_ == 0 ? TraceIdIndex::kAbsent : newest_place();
  if (place == TraceIdIndex::kAbsent || !same_trace_id(traces_[place].id, trace_id)) {
    place = index_.find(trace_id);
    if (place == TraceIdIndex::kAbsent) place = admit(trace_id);
  }
  Trace& trace = traces_[place];
  if (trace.span_count == max_spans_per_trace_) {
    ++trace.dropped_spans;
    return;  // the span is released after the lock
  }
  // The slot may still hold a span of a trace forgotten from this place: that one is released
  // with `span` after the lock, not here (a forgotten trace's spans go one at a time, like this).
  span.swap(spans_[place * max_spans_per_trace_ + trace.span_count++]);
}

std::optional<TraceSnapshot> RecentTraces::copy_trace(const Listed& listed) const {
  TraceSnapshot out;
  out.spans.reserve(listed.span_count);  // before the lock: nothing is allocated under it
  std::lock_guard lock(lock_);
  const Trace& trace = traces_[listed.place];
  if (trace.serial != listed.serial) return std::nullopt;
  out.trace_id = trace.id;
  out.dropped_spans = trace.dropped_spans;
  // Spans that ended since the trace was listed show on the next render.
  const auto* first = spans_.data() + listed.place * max_spans_per_trace_;
  out.spans.assign(first, first + std::min(trace.span_count, listed.span_count));
  return out;
}

std::vector<TraceSnapshot> RecentTraces::snapshot() const {
  std::vector<Listed> listed;
  listed.reserve(max_traces_);
  {
    std::lock_guard lock(lock_);
    for (std::size_t i = kept_; i-- > 0;) {  // most recent first
      const std::size_t place = (oldest_ + i) % max_traces_;
      listed.push_back(Listed{static_cast<std::uint32_t>(place), traces_[place].serial,
                              traces_[place].span_count});
    }
  }
  std::vector<TraceSnapshot> out;
  out.reserve(listed.size());
  for (const Listed& trace : listed)
    if (auto copy = copy_trace(trace)) out.push_back(std::move(*copy));
  return out;
}

std::optional<TraceSnapshot> RecentTraces::find(const trace::TraceId& trace_id) const {
  Listed listed{};
  {
    std::lock_guard lock(lock_);
    const std::uint32_t place = index_.find(trace_id);
    if (place == TraceIdIndex::kAbsent) return std::nullopt;
    listed = Listed{place, traces_[place].serial, traces_[place].span_count};
  }
  return copy_trace(listed);
}

}  // namespace authlens::viewer
