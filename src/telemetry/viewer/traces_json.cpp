// GET /debug/traces.json: the kept traces as data.
#include <nlohmann/json.hpp>

#include "telemetry/viewer/recent_traces.hpp"
#include "telemetry/viewer/trace_summary.hpp"

namespace authlens::viewer {
namespace {

template <typename AttributeRange>  // trace::Attributes or trace::SpanAttributes
nlohmann::json attributes_json(const AttributeRange& attributes) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& a : attributes)
    std::visit([&](const auto& v) { out[std::string(a.key.view())] = v; }, a.value);
  return out;
}

nlohmann::json span_json(const trace::SpanData& s) {
  nlohmann::json span = {
      {"span_id", trace::to_hex(s.context.span_id)},
      {"parent_span_id", s.has_parent() ? trace::to_hex(s.parent_span_id) : std::string()},
      {"name", s.name},
      {"kind", trace::to_string(s.kind)},
      // Strings: 19-digit nanosecond times do not survive JavaScript's doubles.
      {"start_time_unix_nano", std::to_string(s.start_time_unix_nano)},
      {"end_time_unix_nano", std::to_string(s.end_time_unix_nano)},
      {"duration_ms", static_cast<double>(s.end_time_unix_nano - s.start_time_unix_nano) / 1e6},
      {"status", trace::to_string(s.status)},
      {"attributes", attributes_json(s.attributes)},
  };
  if (!s.status_description.empty()) span["status_message"] = s.status_description;
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : s.events)
    events.push_back({{"name", e.name},
                      {"time_unix_nano", std::to_string(e.time_unix_nano)},
                      {"attributes", attributes_json(e.attributes)}});
  span["events"] = std::move(events);
  nlohmann::json links = nlohmann::json::array();
  for (const auto& l : s.links)
    links.push_back({{"trace_id", trace::to_hex(l.context.trace_id)},
                     {"span_id", trace::to_hex(l.context.span_id)}});
  span["links"] = std::move(links);
  return span;
}

}  // namespace

std::string RecentTraces::render_json() const {
  nlohmann::json traces = nlohmann::json::array();
  for (const auto& trace : snapshot()) {
    const TraceSummary summary = summarize(trace);
    nlohmann::json spans = nlohmann::json::array();
    for (const auto& row : waterfall_rows(trace)) spans.push_back(span_json(*row.span));
    traces.push_back({{"trace_id", trace::to_hex(trace.trace_id)},
                      {"root_name", summary.root_name},
                      {"start_time", format_utc(summary.start_unix_nano)},
                      {"duration_ms", summary.duration_ms()},
                      {"status", summary.has_error ? "error" : "ok"},
                      {"span_count", summary.span_count},
                      {"dropped_spans", trace.dropped_spans},
                      {"spans", std::move(spans)}});
  }
  // Attribute strings may hold any bytes: invalid UTF-8 is replaced rather than thrown on.
  return nlohmann::json{{"traces", std::move(traces)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace authlens::viewer
