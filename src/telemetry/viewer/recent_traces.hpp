#pragma once
// The built-in trace viewer's store: the most recent traces, kept in memory and bounded, fed with
// finished spans, and rendered for /debug/traces (HTML) and /debug/traces.json.
//
// Adding a span is on every request's path, so it allocates nothing and holds a short spin lock:
// room for max_traces whole traces of up to max_spans_per_trace spans each is made up front (16
// bytes a span slot: 800 KB by default), a span finds its trace through a fixed-size index on the
// trace id, and a new trace that finds the store full takes the place of the oldest, forgotten
// whole. Pages copy what they show one trace at a time, so a render holds the lock only as long
// as copying one trace's span pointers takes.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/spin_lock.hpp"
#include "telemetry/trace/sdk/span_sink.hpp"
#include "telemetry/viewer/trace_id_index.hpp"

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

  // Thread-safe; the oldest trace is forgotten when a new one would exceed max_traces, and a
  // trace's spans beyond max_spans_per_trace are only counted.
  void add(trace::SpanDataPtr span) override;

  std::vector<TraceSnapshot> snapshot() const;  // most recent first
  std::optional<TraceSnapshot> find(const trace::TraceId& trace_id) const;

  // GET /debug/traces: recent traces, optionally only those whose root span is `route_filter`.
  std::string render_index_html(std::optional<std::string_view> route_filter = std::nullopt) const;
  // What an operator narrows the list by: GET /debug/traces?route=…&status=5xx&min_ms=….
  struct IndexFilter {
    std::optional<std::string> route;  // the root span's name, "POST /login"
    int status_class = 0;              // 2..5: only HTTP status codes 200..299 … 500..599
    double min_ms = 0;                 // only traces at least this long
  };
  std::string render_index_html(const IndexFilter& filter) const;
  // GET /debug/traces?trace_id=…: one trace's waterfall (a "not found" page when unknown).
  std::string render_trace_html(std::string_view trace_id_hex) const;
  // GET /debug/traces.json: every kept trace with its spans.
  std::string render_json() const;

 private:
  // A place for one trace: its spans are the slots [place * max_spans_per_trace_, + span_count).
  struct Trace {
    trace::TraceId id{};
    std::uint64_t serial = 0;  // which trace holds the place (they are numbered as they come)
    std::uint32_t span_count = 0;
    std::size_t dropped_spans = 0;
  };
  struct Listed {  // a kept trace as a render found it
    std::uint32_t place;
    std::uint64_t serial;
    std::uint32_t span_count;
  };

  std::uint32_t newest_place() const noexcept;                   // kept_ > 0; under lock_
  std::uint32_t admit(const trace::TraceId& trace_id) noexcept;  // its place; under lock_
  // The trace as listed, or nothing when it has been forgotten since.
  std::optional<TraceSnapshot> copy_trace(const Listed& listed) const;

  const std::size_t max_traces_;
  const std::size_t max_spans_per_trace_;
  mutable telemetry::SpinLock lock_;
  // Guarded by lock_:
  std::vector<Trace> traces_;              // max_traces_ places, used as a ring: oldest_ first
  std::vector<trace::SpanDataPtr> spans_;  // max_traces_ * max_spans_per_trace_ slots
  TraceIdIndex index_;                     // trace id -> place, for the traces kept
  std::size_t oldest_ = 0;
  std::size_t kept_ = 0;
  std::uint64_t next_serial_ = 1;
};

}  // namespace authlens::viewer
