#include "telemetry/trace/exporters/console_exporter.hpp"

#include <charconv>

#include "text/json_escape.hpp"

namespace authlens::trace {

std::string format_span_line(const SpanData& s) {
  std::string line =
      "span trace_id=" + to_hex(s.context.trace_id) + " span_id=" + to_hex(s.context.span_id);
  if (s.has_parent()) line += " parent_id=" + to_hex(s.parent_span_id);
  line += " name=";
  text::append_json_string(line, s.name);
  line += " kind=";
  line += to_string(s.kind);
  char buf[32];
  const double ms = static_cast<double>(s.end_time_unix_nano - s.start_time_unix_nano) / 1e6;
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, ms, std::chars_format::fixed, 3);
  line += " duration_ms=";
  line.append(buf, end);
  line += " status=";
  line += to_string(s.status);
  for (const auto& a : s.attributes) {
    line += ' ';
    line += a.key;
    line += '=';
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, bool>)
            line += v ? "true" : "false";
          else if constexpr (std::is_same_v<T, std::string>)
            text::append_json_string(line, v);
          else
            line += std::to_string(v);
        },
        a.value);
  }
  for (const auto& e : s.events) {
    line += " event=";
    text::append_json_string(line, e.name);
  }
  return line;
}

ExportResult ConsoleSpanExporter::export_spans(std::span<const SpanDataPtr> spans,
                                               std::chrono::milliseconds) {
  for (const auto& span : spans) {
    std::string line = format_span_line(*span);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out_);  // one write per line: no interleaving
  }
  std::fflush(out_);
  return ExportResult::kSuccess;
}

}  // namespace authlens::trace
