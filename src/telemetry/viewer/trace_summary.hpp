#pragma once
// What a trace looks like from afar (its root, time span, status) and its spans as a tree, for
// the viewer's pages.
#include <cstdint>
#include <string>
#include <vector>

#include "telemetry/viewer/recent_traces.hpp"

namespace authlens::viewer {

struct TraceSummary {
  std::string root_name;  // the route for a server span, e.g. "POST /login"
  std::uint64_t start_unix_nano = 0;
  std::uint64_t end_unix_nano = 0;
  bool has_error = false;
  int http_status = 0;       // the root's http.response.status_code, 0 when it has none
  std::string kept_because;  // why the tail sampler kept it ("" when head sampling decided)
  std::size_t span_count = 0;
  double duration_ms() const noexcept;
};

// The root is the earliest span whose parent is not in the trace (a remote parent counts as
// absent), so a trace continued from another service still has one.
TraceSummary summarize(const TraceSnapshot& trace);

struct WaterfallRow {
  const trace::SpanData* span;
  int depth;
};
// Depth-first, children by start time: the order a waterfall shows.
std::vector<WaterfallRow> waterfall_rows(const TraceSnapshot& trace);

// "2024-05-01T12:34:56.789Z".
std::string format_utc(std::uint64_t unix_nano);

}  // namespace authlens::viewer

namespace authlens::viewer {
// An attribute value as text (strings unquoted).
std::string format_attribute_value(const trace::AttributeValue& value);
}  // namespace authlens::viewer
