#include "telemetry/metrics/openmetrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace authlens::metrics {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

constexpr std::string_view kTotal = "_total";
// The base units OpenMetrics names whose suffix we use; a family ending in one gets "# UNIT".
constexpr std::array<std::string_view, 3> kUnits = {"seconds", "bytes", "ratio"};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Shortest text that reads back as the same double; OpenMetrics spells infinities and NaN.
void append_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    // Counts and byte sizes read as integers ("1500000000", not "1.5e+09").
    char buffer[24];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(value));
    out.append(buffer, result.ptr);
  } else {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
  }
}

// A bucket bound or quantile in canonical form: an integral value gets ".0", so that "1" and
// "1.0" never name two series.
void append_canonical(std::string& out, double value) {
  const std::size_t start = out.size();
  append_number(out, value);
  if (std::isfinite(value) && out.find_first_of(".eE", start) == std::string::npos) out += ".0";
}

// Unix seconds with milliseconds: an exemplar's or a sample's timestamp.
void append_seconds(std::string& out, double seconds) {
  char buffer[32];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, seconds, std::chars_format::fixed, 3);
  out.append(buffer, result.ptr);
}

void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

// name{labels[,extra="value"]} — the extra label is le or quantile.
void append_series(std::string& out, std::string_view name, const ClientMetric& metric,
                   std::string_view suffix, std::string_view extra_name = {},
                   double extra_value = 0) {
  out.append(name).append(suffix);
  if (metric.label.empty() && extra_name.empty()) return;
  out += '{';
  bool first = true;
  for (const auto& label : metric.label) {
    if (!first) out += ',';
    first = false;
    out.append(label.name).append("=\"");
    append_escaped(out, label.value);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out.append(extra_name).append("=\"");
    append_canonical(out, extra_value);
    out += '"';
  }
  out += '}';
}

void end_sample(std::string& out, const ClientMetric& metric) {
  if (metric.timestamp_ms != 0) {
    out += ' ';
    append_seconds(out, static_cast<double>(metric.timestamp_ms) / 1000.0);
  }
  out += '\n';
}

void append_exemplar(std::string& out, const Exemplar& exemplar) {
  char trace_id[32];
  char span_id[16];
  constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < exemplar.trace.trace_id.size(); ++i) {
    trace_id[2 * i] = kDigits[exemplar.trace.trace_id[i] >> 4];
    trace_id[2 * i + 1] = kDigits[exemplar.trace.trace_id[i] & 0x0f];
  }
  for (std::size_t i = 0; i < exemplar.trace.span_id.size(); ++i) {
    span_id[2 * i] = kDigits[exemplar.trace.span_id[i] >> 4];
    span_id[2 * i + 1] = kDigits[exemplar.trace.span_id[i] & 0x0f];
  }
  // 63 characters of labels, inside kMaxExemplarLabelChars.
  out += " # {trace_id=\"";
  out.append(trace_id, sizeof trace_id).append("\",span_id=\"");
  out.append(span_id, sizeof span_id).append("\"} ");
  append_number(out, exemplar.value);
  out += ' ';
  append_seconds(out, exemplar.timestamp_seconds);
}

const HistogramExemplars* exemplars_of(std::string_view family,
                                       std::span<const HistogramExemplars> all) {
  for (const auto& entry : all)
    if (entry.family == family) return &entry;
  return nullptr;
}

std::string_view type_name(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Histogram:
      return "histogram";
    case MetricType::Summary:
      return "summary";
    case MetricType::Untyped:
      break;
  }
  return "unknown";
}

void append_family(std::string& out, const MetricFamily& family,
                   const HistogramExemplars* exemplars) {
  std::string_view name = family.name;
  // Counter samples carry a suffix the family's own name does not.
  std::string_view sample_suffix;
  if (family.type == MetricType::Counter) {
    if (ends_with(name, kTotal)) name.remove_suffix(kTotal.size());
    sample_suffix = kTotal;
  }
  out.append("# TYPE ").append(name).append(" ").append(type_name(family.type)) += '\n';
  for (const auto unit : kUnits) {
    if (ends_with(name, unit) && name.size() > unit.size() &&
        name[name.size() - unit.size() - 1] == '_') {
      out.append("# UNIT ").append(name).append(" ").append(unit) += '\n';
      break;
    }
  }
  if (!family.help.empty()) {
    out.append("# HELP ").append(name).append(" ");
    append_escaped(out, family.help);
    out += '\n';
  }
  for (std::size_t m = 0; m < family.metric.size(); ++m) {
    const ClientMetric& metric = family.metric[m];
    switch (family.type) {
      case MetricType::Counter:
        append_series(out, name, metric, sample_suffix);
        out += ' ';
        append_number(out, metric.counter.value);
        end_sample(out, metric);
        break;
      case MetricType::Gauge:
        append_series(out, name, metric, {});
        out += ' ';
        append_number(out, metric.gauge.value);
        end_sample(out, metric);
        break;
      case MetricType::Untyped:
        append_series(out, name, metric, {});
        out += ' ';
        append_number(out, metric.untyped.value);
        end_sample(out, metric);
        break;
      case MetricType::Summary:
        for (const auto& quantile : metric.summary.quantile) {
          append_series(out, name, metric, {}, "quantile", quantile.quantile);
          out += ' ';
          append_number(out, quantile.value);
          end_sample(out, metric);
        }
        append_series(out, name, metric, "_sum");
        out += ' ';
        append_number(out, metric.summary.sample_sum);
        end_sample(out, metric);
        append_series(out, name, metric, "_count");
        out += ' ' + std::to_string(metric.summary.sample_count);
        end_sample(out, metric);
        break;
      case MetricType::Histogram: {
        const auto* bucket_exemplars = exemplars != nullptr && m < exemplars->by_metric.size()
                                           ? &exemplars->by_metric[m]
                                           : nullptr;
        const auto& buckets = metric.histogram.bucket;
        for (std::size_t b = 0; b < buckets.size(); ++b) {
          append_series(out, name, metric, "_bucket", "le", buckets[b].upper_bound);
          out += ' ' + std::to_string(buckets[b].cumulative_count);
          if (bucket_exemplars != nullptr && b < bucket_exemplars->size() && (*bucket_exemplars)[b])
            append_exemplar(out, *(*bucket_exemplars)[b]);
          end_sample(out, metric);
        }
        append_series(out, name, metric, "_count");
        out += ' ' + std::to_string(metric.histogram.sample_count);
        end_sample(out, metric);
        append_series(out, name, metric, "_sum");
        out += ' ';
        append_number(out, metric.histogram.sample_sum);
        end_sample(out, metric);
        break;
      }
    }
  }
}

// One media range of an Accept header: "type/subtype;param=value;q=0.5".
struct MediaRange {
  std::string_view type;
  double q = 1;
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

MediaRange parse_range(std::string_view range) {
  MediaRange parsed;
  auto semicolon = range.find(';');
  parsed.type = trim(range.substr(0, semicolon));
  while (semicolon != std::string_view::npos) {
    range.remove_prefix(semicolon + 1);
    semicolon = range.find(';');
    const auto param = trim(range.substr(0, semicolon));
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      double q = 0;
      const auto value = param.substr(2);
      const auto result = std::from_chars(value.data(), value.data() + value.size(), q);
      // RFC 9110 §12.4.2: a weight is 0 to 1; one we cannot read counts as 0 (not acceptable).
      parsed.q = result.ec == std::errc{} && q >= 0 && q <= 1 ? q : 0;
    }
  }
  return parsed;
}

}  // namespace

std::string serialize_openmetrics(const std::vector<MetricFamily>& families,
                                  std::span<const HistogramExemplars> exemplars) {
  std::string out;
  out.reserve(16 * 1024);
  for (const auto& family : families)
    append_family(
        out, family,
        family.type == MetricType::Histogram ? exemplars_of(family.name, exemplars) : nullptr);
  out += "# EOF\n";
  return out;
}

bool accepts_openmetrics(std::string_view accept) noexcept {
  double openmetrics = 0;
  double text = 0;
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    const MediaRange range = parse_range(accept.substr(0, comma));
    if (iequals(range.type, "application/openmetrics-text")) {
      openmetrics = std::max(openmetrics, range.q);
    } else if (iequals(range.type, "text/plain") || iequals(range.type, "text/*") ||
               range.type == "*/*") {
      text = std::max(text, range.q);
    }
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  return openmetrics > 0 && openmetrics >= text;
}

}  // namespace authlens::metrics
