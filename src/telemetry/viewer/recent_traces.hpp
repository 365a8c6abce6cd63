#pragma once
// The built-in trace viewer's store: the most recent traces, kept in memory and bounded, fed with
// finished spans, and rendered for /debug/traces (HTML) and /debug/traces.json.
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "telemetry/trace/span_sink.hpp"

namespace authlens::viewer {

struct TraceSnapshot {
  trace::TraceId trace_id{};
  std::vector<trace::SpanDataPtr> spans;  // in arrival (end) order
  std::size_t dropped_spans = 0;          // beyond the per-trace cap
};

class RecentTraces final : public trace::SpanSink {
 public:
  static constexpr std::size_t kDefaultMaxTraces = 200;
  static constexpr std::size_t kDefaultMaxSpansPerTrace = 256;

  explicit RecentTraces(std::size_t max_traces = kDefaultMaxTraces,
                        std::size_t max_spans_per_trace = kDefaultMaxSpansPerTrace);

  // Thread-safe; the oldest trace is forgotten when a new one would exceed max_traces.
  void add(trace::SpanDataPtr span) override;

  std::vector<TraceSnapshot> snapshot() const;  // most recent first
  std::optional<TraceSnapshot> find(const trace::TraceId& trace_id) const;

  // GET /debug/traces: recent traces, optionally only those whose root span is `route_filter`.
  std::string render_index_html(std::optional<std::string_view> route_filter = std::nullopt) const;
  // GET /debug/traces?trace_id=…: one trace's waterfall (a "not found" page when unknown).
  std::string render_trace_html(std::string_view trace_id_hex) const;
  // GET /debug/traces.json: every kept trace with its spans.
  std::string render_json() const;

 private:
  struct TraceIdHash {
    std::size_t operator()(const trace::TraceId& id) const noexcept;
  };
  struct Entry {
    std::vector<trace::SpanDataPtr> spans;
    std::size_t dropped_spans = 0;
  };

  const std::size_t max_traces_;
  const std::size_t max_spans_per_trace_;
  mutable std::mutex mutex_;
  std::unordered_map<trace::TraceId, Entry, TraceIdHash> traces_;
  std::deque<trace::TraceId> order_;  // oldest first
};

}  // namespace authlens::viewer
