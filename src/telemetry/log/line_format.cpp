#include "telemetry/log/line_format.hpp"

#include <charconv>
#include <cmath>
#include <type_traits>

#include "telemetry/log/escape.hpp"
#include "telemetry/log/redact.hpp"
#include "telemetry/log/timestamp.hpp"

namespace authlens::log {
namespace {

template <typename T>
void append_number(std::string& out, T value) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

// Writes a field value; `quote_string` decides how strings are written for the format.
template <typename StringWriter>
void append_value(std::string& out, const Field& field, bool json, StringWriter&& write_string) {
  if (is_secret_key(field.key())) {
    write_string(kRedacted);
    return;
  }
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string_view>) {
          write_string(v);
        } else if constexpr (std::is_same_v<V, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<V, double>) {
          if (std::isfinite(v))
            append_number(out, v);
          else
            out += json ? "null" : (std::isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf"));
        } else {
          append_number(out, v);
        }
      },
      field.value());
}

struct TraceHex {
  char trace_id[32];
  char span_id[16];
  char flags[2];
};

TraceHex hex_of(const trace::SpanContext& span) noexcept {
  TraceHex h;
  trace::write_hex(span.trace_id.data(), span.trace_id.size(), h.trace_id);
  trace::write_hex(span.span_id.data(), span.span_id.size(), h.span_id);
  trace::write_hex(&span.trace_flags, 1, h.flags);
  return h;
}

bool has_trace(const LineInput& in) noexcept { return in.span != nullptr && in.span->is_valid(); }

}  // namespace

void append_json_line(std::string& out, const LineInput& in) {
  out += "{\"timestamp\":\"";
  append_timestamp(out, in.when);
  out += "\",\"level\":\"";
  out += level_name(in.level);
  out += "\",\"message\":\"";
  append_json_escaped(out, in.message);
  out += "\",\"service.name\":\"";
  append_json_escaped(out, in.service_name);
  out += '"';
  if (has_trace(in)) {
    const TraceHex h = hex_of(*in.span);
    out += ",\"trace_id\":\"";
    out.append(h.trace_id, sizeof h.trace_id);
    out += "\",\"span_id\":\"";
    out.append(h.span_id, sizeof h.span_id);
    out += "\",\"trace_flags\":\"";
    out.append(h.flags, sizeof h.flags);
    out += '"';
  }
  const auto json_string = [&](std::string_view s) {
    out += '"';
    append_json_escaped(out, s);
    out += '"';
  };
  for (const Field& field : in.fields) {
    out += ",\"";
    append_json_escaped(out, field.key());
    out += "\":";
    append_value(out, field, true, json_string);
  }
  out += "}\n";
}

void append_text_line(std::string& out, const LineInput& in) {
  append_timestamp(out, in.when);
  out += ' ';
  out += level_label(in.level);
  out += ' ';
  append_text_escaped(out, in.message);
  const auto text_string = [&](std::string_view s) { append_text_value(out, s); };
  for (const Field& field : in.fields) {
    out += ' ';
    append_text_escaped(out, field.key());
    out += '=';
    append_value(out, field, false, text_string);
  }
  if (has_trace(in)) {
    const TraceHex h = hex_of(*in.span);
    out += " trace_id=";
    out.append(h.trace_id, sizeof h.trace_id);
    out += " span_id=";
    out.append(h.span_id, sizeof h.span_id);
  }
  out += '\n';
}

}  // namespace authlens::log
