#include "telemetry/viewer/recent_traces.hpp"

#include <cstring>

namespace authlens::viewer {

std::size_t RecentTraces::TraceIdHash::operator()(const trace::TraceId& id) const noexcept {
  std::size_t h = 0;  // trace ids are random already
  std::memcpy(&h, id.data() + id.size() - sizeof h, sizeof h);
  return h;
}

RecentTraces::RecentTraces(std::size_t max_traces, std::size_t max_spans_per_trace)
    : max_traces_(max_traces == 0 ? 1 : max_traces), max_spans_per_trace_(max_spans_per_trace) {}

void RecentTraces::add(trace::SpanDataPtr span) {
  if (!span) return;
  std::lock_guard lock(mutex_);
  auto [it, inserted] = traces_.try_emplace(span->context.trace_id);
  if (inserted) {
    order_.push_back(span->context.trace_id);
    if (order_.size() > max_traces_) {
      traces_.erase(order_.front());
      order_.pop_front();
    }
  }
  Entry& entry = it->second;
  if (entry.spans.size() >= max_spans_per_trace_) {
    ++entry.dropped_spans;
    return;
  }
  entry.spans.push_back(std::move(span));
}

std::vector<TraceSnapshot> RecentTraces::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<TraceSnapshot> out;
  out.reserve(order_.size());
  for (auto id = order_.rbegin(); id != order_.rend(); ++id) {
    const Entry& entry = traces_.at(*id);
    out.push_back(TraceSnapshot{*id, entry.spans, entry.dropped_spans});
  }
  return out;
}

std::optional<TraceSnapshot> RecentTraces::find(const trace::TraceId& trace_id) const {
  std::lock_guard lock(mutex_);
  auto it = traces_.find(trace_id);
  if (it == traces_.end()) return std::nullopt;
  return TraceSnapshot{trace_id, it->second.spans, it->second.dropped_spans};
}

}  // namespace authlens::viewer
