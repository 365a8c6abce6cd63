// GET /debug/traces: the list of recent traces.
#include <cstdio>

#include "telemetry/viewer/html_text.hpp"
#include "telemetry/viewer/page_layout.hpp"
#include "telemetry/viewer/recent_traces.hpp"
#include "telemetry/viewer/trace_summary.hpp"
#include "text/html_escape.hpp"

namespace authlens::viewer {

std::string RecentTraces::render_index_html(std::optional<std::string_view> route_filter) const {
  const std::vector<TraceSnapshot> traces = snapshot();
  std::string body = "<h1>Recent traces</h1>\n";
  if (route_filter) {
    body += "<p>Route: <code>" + text::html_escape(*route_filter) +
            "</code> — <a href=\"/debug/traces\">all routes</a></p>\n";
  }
  body +=
      "<table id=\"traces\"><thead><tr><th>Route</th><th>Start (UTC)</th><th>Duration</th>"
      "<th>Status</th><th>Spans</th><th>Trace id</th></tr></thead><tbody>\n";
  std::size_t shown = 0;
  for (const auto& trace : traces) {
    const TraceSummary s = summarize(trace);
    if (route_filter && s.root_name != *route_filter) continue;
    ++shown;
    const std::string id = trace::to_hex(trace.trace_id);
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f ms", s.duration_ms());
    body += "<tr><td><a href=\"/debug/traces?route=" + percent_encode(s.root_name) + "\">" +
            text::html_escape(s.root_name) + "</a></td><td>" + format_utc(s.start_unix_nano) +
            "</td><td>" + duration + "</td><td>" +
            (s.has_error ? "<span class=\"error\">error</span>" : "<span class=\"ok\">ok</span>") +
            "</td><td>" + std::to_string(s.span_count) +
            "</td><td><a href=\"/debug/traces?trace_id=" + id + "\"><code>" + id +
            "</code></a></td></tr>\n";
  }
  body += "</tbody></table>\n";
  if (shown == 0) body += "<p id=\"empty\">No traces yet.</p>\n";
  body += "<p><a href=\"/debug/traces.json\">JSON</a></p>";
  return html_page("authlens — recent traces", body);
}

}  // namespace authlens::viewer
