#pragma once
// The built-in trace viewer's store: the most recent traces, kept in memory and bounded, fed with
// finished spans, and rendered for /debug/traces (HTML) and /debug/traces.json.
//
// Adding a span is on every request's path, so it only puts the span in a ring of the most
// recent spans (a short spin lock, one pointer stored): spans are grouped into traces when a page
// is asked for, which is rare. The ring holds max_traces * kSpansPerTrace spans: the last
// max_traces traces of a few spans each (a GET /me has two), fewer when traces are long.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/spin_lock.hpp"
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
  static constexpr std::size_t kSpansPerTrace = 4;  // ring slots per kept trace

  explicit RecentTraces(std::size_t max_traces = kDefaultMaxTraces,
                        std::size_t max_spans_per_trace = kDefaultMaxSpansPerTrace);

  // Thread-safe; the oldest span is forgotten when the ring is full.
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
  // The ring's spans, oldest first.
  std::vector<trace::SpanDataPtr> spans_in_order() const;

  const std::size_t max_traces_;
  const std::size_t max_spans_per_trace_;
  mutable telemetry::SpinLock lock_;
  std::vector<trace::SpanDataPtr> ring_;  // guarded by lock_
  std::size_t next_ = 0;                  // the slot the next span takes
};

}  // namespace authlens::viewer
