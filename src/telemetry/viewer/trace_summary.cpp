#include "telemetry/viewer/trace_summary.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include "telemetry/trace/api/semconv.hpp"

namespace authlens::viewer {

double TraceSummary::duration_ms() const noexcept {
  return end_unix_nano > start_unix_nano
             ? static_cast<double>(end_unix_nano - start_unix_nano) / 1e6
             : 0.0;
}

namespace {
bool parent_in_trace(const trace::SpanData& span, const std::set<trace::SpanId>& ids) {
  return span.has_parent() && ids.count(span.parent_span_id) != 0;
}
}  // namespace

TraceSummary summarize(const TraceSnapshot& trace) {
  TraceSummary summary;
  summary.span_count = trace.spans.size();
  std::set<trace::SpanId> ids;
  for (const auto& s : trace.spans) ids.insert(s->context.span_id);
  const trace::SpanData* root = nullptr;
  for (const auto& s : trace.spans) {
    if (summary.start_unix_nano == 0 || s->start_time_unix_nano < summary.start_unix_nano)
      summary.start_unix_nano = s->start_time_unix_nano;
    summary.end_unix_nano = std::max(summary.end_unix_nano, s->end_time_unix_nano);
    if (s->status == trace::StatusCode::kError) summary.has_error = true;
    if (!parent_in_trace(*s, ids) &&
        (!root || s->start_time_unix_nano < root->start_time_unix_nano))
      root = s.get();
  }
  if (root) {
    summary.root_name = root->name;
    if (auto code = root->attributes.int_value("http.response.status_code"))
      summary.http_status = static_cast<int>(*code);
    if (auto reason = root->attributes.string_value(trace::semconv::kTailSamplingReason.text))
      summary.kept_because.assign(*reason);
  }
  return summary;
}

std::vector<WaterfallRow> waterfall_rows(const TraceSnapshot& trace) {
  std::set<trace::SpanId> ids;
  for (const auto& s : trace.spans) ids.insert(s->context.span_id);
  std::map<trace::SpanId, std::vector<const trace::SpanData*>> children;
  std::vector<const trace::SpanData*> roots;
  for (const auto& s : trace.spans) {
    if (parent_in_trace(*s, ids))
      children[s->parent_span_id].push_back(s.get());
    else
      roots.push_back(s.get());
  }
  auto by_start = [](const trace::SpanData* a, const trace::SpanData* b) {
    return a->start_time_unix_nano < b->start_time_unix_nano;
  };
  std::sort(roots.begin(), roots.end(), by_start);
  for (auto& [id, list] : children) std::sort(list.begin(), list.end(), by_start);

  std::vector<WaterfallRow> rows;
  std::vector<WaterfallRow> stack;
  for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.push_back({*it, 0});
  while (!stack.empty()) {
    const WaterfallRow row = stack.back();
    stack.pop_back();
    rows.push_back(row);
    auto found = children.find(row.span->context.span_id);
    if (found == children.end()) continue;
    for (auto it = found->second.rbegin(); it != found->second.rend(); ++it)
      stack.push_back({*it, row.depth + 1});
  }
  return rows;
}

std::string format_utc(std::uint64_t unix_nano) {
  const std::time_t seconds = static_cast<std::time_t>(unix_nano / 1'000'000'000ULL);
  const unsigned millis = static_cast<unsigned>((unix_nano / 1'000'000ULL) % 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];  // roomy: the compiler cannot bound tm_year
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

}  // namespace authlens::viewer

namespace authlens::viewer {
std::string format_attribute_value(const trace::AttributeValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>)
          return v ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::string>)
          return v;
        else
          return std::to_string(v);
      },
      value);
}
}  // namespace authlens::viewer
