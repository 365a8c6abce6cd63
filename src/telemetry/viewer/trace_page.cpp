// GET /debug/traces?trace_id=…: one trace as a waterfall.
#include <algorithm>
#include <cstdio>

#include "telemetry/viewer/html_text.hpp"
#include "telemetry/viewer/page_layout.hpp"
#include "telemetry/viewer/recent_traces.hpp"
#include "telemetry/viewer/trace_summary.hpp"
#include "text/html_escape.hpp"

namespace authlens::viewer {
namespace {

std::optional<trace::TraceId> parse_trace_id(std::string_view hex) {
  if (hex.size() != 32) return std::nullopt;
  trace::TraceId id{};
  for (std::size_t i = 0; i < 16; ++i) {
    unsigned value = 0;
    for (char c : hex.substr(2 * i, 2)) {
      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        value |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        value |= static_cast<unsigned>(c - 'A' + 10);
      else
        return std::nullopt;
    }
    id[i] = static_cast<std::uint8_t>(value);
  }
  return id;
}

std::string span_row(const trace::SpanData& span, int depth, const TraceSummary& summary) {
  const double total =
      std::max<double>(1.0, static_cast<double>(summary.end_unix_nano - summary.start_unix_nano));
  const double left =
      static_cast<double>(span.start_time_unix_nano - summary.start_unix_nano) / total * 100.0;
  const double width =
      static_cast<double>(span.end_time_unix_nano - span.start_time_unix_nano) / total * 100.0;
  const bool error = span.status == trace::StatusCode::kError;
  char geometry[96];
  std::snprintf(geometry, sizeof geometry, "left:%.3f%%;width:%.3f%%", std::clamp(left, 0.0, 100.0),
                std::clamp(width, 0.0, 100.0 - std::clamp(left, 0.0, 100.0)));
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f ms",
                static_cast<double>(span.end_time_unix_nano - span.start_time_unix_nano) / 1e6);

  std::string row = "<tr><td style=\"padding-left:" + std::to_string(8 + depth * 18) + "px\">";
  row += text::html_escape(span.name);
  row += " <span class=\"attrs\">" + std::string(trace::to_string(span.kind)) + "</span>";
  if (error) {
    row += " <span class=\"error\">error";
    if (!span.status_description.empty()) row += ": " + text::html_escape(span.status_description);
    row += "</span>";
  }
  row += "<div class=\"attrs\">";
  for (const auto& a : span.attributes)
    row +=
        text::html_escape(a.key) + "=" + text::html_escape(format_attribute_value(a.value)) + " ";
  for (const auto& e : span.events) row += "event:" + text::html_escape(e.name) + " ";
  row += "</div></td><td>" + std::string(duration) +
         "</td><td class=\"bar-cell\"><div class=\"track\"><div class=\"bar" +
         (error ? " error" : "") + "\" style=\"" + geometry + "\"></div></div></td></tr>\n";
  return row;
}

}  // namespace

std::string RecentTraces::render_trace_html(std::string_view trace_id_hex) const {
  const auto id = parse_trace_id(trace_id_hex);
  const auto trace = id ? find(*id) : std::nullopt;
  if (!trace) {
    return html_page("authlens — trace not found",
                     "<h1>Trace not found</h1><p>No trace <code>" +
                         text::html_escape(trace_id_hex) +
                         "</code> is kept in memory (only the most recent ones are).</p>"
                         "<p><a href=\"/debug/traces\">Recent traces</a></p>");
  }
  const TraceSummary summary = summarize(*trace);
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f ms", summary.duration_ms());
  std::string body = "<p><a href=\"/debug/traces\">← recent traces</a></p><h1>" +
                     text::html_escape(summary.root_name) + "</h1>\n<p>Trace <code>" +
                     trace::to_hex(trace->trace_id) + "</code> · " +
                     format_utc(summary.start_unix_nano) + " · " + duration + " · " +
                     std::to_string(summary.span_count) + " spans";
  if (trace->dropped_spans) body += " (" + std::to_string(trace->dropped_spans) + " not kept)";
  body +=
      "</p>\n<table id=\"waterfall\"><thead><tr><th>Span</th><th>Duration</th><th>Timeline</th>"
      "</tr></thead><tbody>\n";
  for (const auto& row : waterfall_rows(*trace)) body += span_row(*row.span, row.depth, summary);
  body += "</tbody></table>";
  return html_page("authlens — " + summary.root_name, body);
}

}  // namespace authlens::viewer
