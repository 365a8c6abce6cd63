// GET /debug/traces: the list of recent traces.
#include <cstdio>

#include "telemetry/viewer/html_text.hpp"
#include "telemetry/viewer/page_layout.hpp"
#include "telemetry/viewer/recent_traces.hpp"
#include "telemetry/viewer/trace_summary.hpp"
#include "text/html_escape.hpp"

namespace authlens::viewer {

std::string RecentTraces::render_index_html(std::optional<std::string_view> route_filter) const {
  IndexFilter filter;
  if (route_filter) filter.route = std::string(*route_filter);
  return render_index_html(filter);
}

namespace {
// The filter form: route, status class and minimum duration, as GET parameters.
std::string filter_form(const RecentTraces::IndexFilter& filter) {
  std::string form =
      "<form id=\"filters\" method=\"get\" action=\"/debug/traces\">"
      "<label>Route <input name=\"route\" value=\"" +
      text::html_escape(filter.route.value_or("")) +
      "\" placeholder=\"GET /me\"></label> <label>Status <select name=\"status\">";
  const char* classes[] = {"", "2xx", "3xx", "4xx", "5xx"};
  for (int i = 0; i < 5; ++i) {
    const bool selected = (i == 0 && filter.status_class == 0) || filter.status_class == i + 1;
    form += std::string("<option value=\"") + classes[i] + "\"" + (selected ? " selected" : "") +
            ">" + (i == 0 ? "any" : classes[i]) + "</option>";
  }
  char min_ms[32];
  std::snprintf(min_ms, sizeof min_ms, "%g", filter.min_ms);
  form +=
      std::string("</select></label> <label>At least <input name=\"min_ms\" size=\"6\" value=\"") +
      (filter.min_ms > 0 ? min_ms : "") + "\"> ms</label> <button>Filter</button></form>\n";
  return form;
}
}  // namespace

std::string RecentTraces::render_index_html(const IndexFilter& filter) const {
  const std::vector<TraceSnapshot> traces = snapshot();
  std::string body = "<h1>Recent traces</h1>\n";
  body += filter_form(filter);
  if (filter.route) {
    body += "<p>Route: <code>" + text::html_escape(*filter.route) +
            "</code> — <a href=\"/debug/traces\">all routes</a></p>\n";
  }
  body +=
      "<table id=\"traces\"><thead><tr><th>Route</th><th>Start (UTC)</th><th>Duration</th>"
      "<th>HTTP</th><th>Status</th><th>Kept</th><th>Spans</th><th>Trace id</th></tr></thead>"
      "<tbody>\n";
  std::size_t shown = 0;
  for (const auto& trace : traces) {
    const TraceSummary s = summarize(trace);
    if (filter.route && s.root_name != *filter.route) continue;
    if (filter.status_class != 0 && s.http_status / 100 != filter.status_class) continue;
    if (s.duration_ms() < filter.min_ms) continue;
    ++shown;
    const std::string id = trace::to_hex(trace.trace_id);
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f ms", s.duration_ms());
    body += "<tr><td><a href=\"/debug/traces?route=" + percent_encode(s.root_name) + "\">" +
            text::html_escape(s.root_name) + "</a></td><td>" + format_utc(s.start_unix_nano) +
            "</td><td>" + duration + "</td><td class=\"http-status\">" +
            (s.http_status != 0 ? std::to_string(s.http_status) : std::string("—")) + "</td><td>" +
            (s.has_error ? "<span class=\"error\">error</span>" : "<span class=\"ok\">ok</span>") +
            "</td><td class=\"kept\">" +
            (s.kept_because.empty() ? std::string("—") : text::html_escape(s.kept_because)) +
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
