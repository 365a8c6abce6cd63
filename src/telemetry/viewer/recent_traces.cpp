#include "telemetry/viewer/recent_traces.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <unordered_map>

namespace authlens::viewer {
namespace {

struct TraceIdHash {
  std::size_t operator()(const trace::TraceId& id) const noexcept {
    std::size_t h = 0;  // trace ids are random already
    std::memcpy(&h, id.data() + id.size() - sizeof h, sizeof h);
    return h;
  }
};

}  // namespace

RecentTraces::RecentTraces(std::size_t max_traces, std::size_t max_spans_per_trace)
    : max_traces_(max_traces == 0 ? 1 : max_traces),
      max_spans_per_trace_(max_spans_per_trace),
      ring_(max_traces_ * kSpansPerTrace) {}

void RecentTraces::add(trace::SpanDataPtr span) {
  if (!span) return;
  std::lock_guard lock(lock_);
  span.swap(ring_[next_]);  // the forgotten span is released after the lock
  next_ = next_ + 1 == ring_.size() ? 0 : next_ + 1;
}

std::vector<trace::SpanDataPtr> RecentTraces::spans_in_order() const {
  std::vector<trace::SpanDataPtr> out;
  out.reserve(ring_.size());
  std::lock_guard lock(lock_);
  for (std::size_t i = 0; i < ring_.size(); ++i) {
    const auto& span = ring_[(next_ + i) % ring_.size()];
    if (span) out.push_back(span);
  }
  return out;
}

std::vector<TraceSnapshot> RecentTraces::snapshot() const {
  // Traces in the order their first kept span arrived; spans in arrival order, capped.
  std::vector<TraceSnapshot> traces;
  std::unordered_map<trace::TraceId, std::size_t, TraceIdHash> index;
  for (auto& span : spans_in_order()) {
    auto [it, inserted] = index.try_emplace(span->context.trace_id, traces.size());
    if (inserted) traces.push_back(TraceSnapshot{span->context.trace_id, {}, 0});
    TraceSnapshot& trace = traces[it->second];
    if (trace.spans.size() >= max_spans_per_trace_)
      ++trace.dropped_spans;
    else
      trace.spans.push_back(std::move(span));
  }
  std::reverse(traces.begin(), traces.end());  // most recent first
  if (traces.size() > max_traces_) traces.resize(max_traces_);
  return traces;
}

std::optional<TraceSnapshot> RecentTraces::find(const trace::TraceId& trace_id) const {
  for (auto& trace : snapshot())
    if (trace.trace_id == trace_id) return std::move(trace);
  return std::nullopt;
}

}  // namespace authlens::viewer
