#include "telemetry/otlp_metrics/metrics_encoder.hpp"

#include <cmath>
#include <cstring>
#include <optional>

#include "telemetry/trace/exporters/otlp_encoder.hpp"

namespace authlens::otlp_metrics {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using trace::ProtoWriter;

// Field numbers from opentelemetry-proto (metrics/v1/metrics.proto,
// collector/metrics/v1/metrics_service.proto).
namespace request {
constexpr std::uint32_t kResourceMetrics = 1;
}
namespace resource_metrics {
constexpr std::uint32_t kResource = 1, kScopeMetrics = 2;
}
namespace scope_metrics {
constexpr std::uint32_t kScope = 1, kMetrics = 2;
}
namespace metric_msg {
constexpr std::uint32_t kName = 1, kDescription = 2, kUnit = 3, kGauge = 5, kSum = 7,
                        kHistogram = 9, kSummary = 11;
}
namespace sum_msg {  // Gauge has data points only; Histogram's first two fields are these
constexpr std::uint32_t kDataPoints = 1, kTemporality = 2, kIsMonotonic = 3;
}
constexpr std::uint64_t kCumulative = 2;  // AGGREGATION_TEMPORALITY_CUMULATIVE
namespace number_point {
constexpr std::uint32_t kStart = 2, kTime = 3, kAsDouble = 4, kAttributes = 7;
}
namespace histogram_point {
constexpr std::uint32_t kStart = 2, kTime = 3, kCount = 4, kSum = 5, kBucketCounts = 6,
                        kExplicitBounds = 7, kExemplars = 8, kAttributes = 9;
}
namespace summary_point {
constexpr std::uint32_t kStart = 2, kTime = 3, kCount = 4, kSum = 5, kQuantiles = 6,
                        kAttributes = 7;
}
namespace quantile_msg {
constexpr std::uint32_t kQuantile = 1, kValue = 2;
}
namespace exemplar_msg {
constexpr std::uint32_t kTime = 2, kAsDouble = 3, kSpanId = 4, kTraceId = 5;
}
namespace key_value {
constexpr std::uint32_t kKey = 1, kValue = 2;
}
constexpr std::uint32_t kAnyString = 1;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Messages are written back to front (proto_writer.hpp): fields last to first.
void write_labels(ProtoWriter& w, std::uint32_t field, const ClientMetric& metric) {
  for (auto label = metric.label.rbegin(); label != metric.label.rend(); ++label) {
    const std::size_t kv = w.mark();
    const std::size_t any = w.mark();
    w.string_field(kAnyString, label->value);
    w.end_message(key_value::kValue, any);
    w.string_field(key_value::kKey, label->name);
    w.end_message(field, kv);
  }
}

void write_number_point(ProtoWriter& w, const ClientMetric& metric, double value,
                        const MetricsTimes& times) {
  const std::size_t point = w.mark();
  write_labels(w, number_point::kAttributes, metric);
  w.double_field(number_point::kAsDouble, value);
  w.fixed64_field(number_point::kTime, times.now_unix_nano);
  w.fixed64_field(number_point::kStart, times.start_unix_nano);
  w.end_message(sum_msg::kDataPoints, point);
}

void write_packed_fixed64(ProtoWriter& w, std::uint32_t field,
                          const std::vector<std::uint64_t>& v) {
  const std::size_t mark = w.mark();
  char* p = w.claim(8 * v.size());
  for (std::uint64_t value : v) {
    for (int i = 0; i < 8; ++i) *p++ = static_cast<char>(value >> (8 * i));  // little-endian
  }
  w.end_message(field, mark);
}

void write_packed_doubles(ProtoWriter& w, std::uint32_t field, const std::vector<double>& v) {
  std::vector<std::uint64_t> bits(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) std::memcpy(&bits[i], &v[i], sizeof(double));
  write_packed_fixed64(w, field, bits);
}

void write_histogram_point(ProtoWriter& w, const ClientMetric& metric,
                           const std::vector<std::optional<metrics::Exemplar>>* exemplars,
                           const MetricsTimes& times) {
  const auto& buckets = metric.histogram.bucket;
  // Prometheus buckets are cumulative with +Inf last; OTLP's counts are per bucket, and its
  // bounds leave +Inf implicit.
  std::vector<std::uint64_t> counts;
  std::vector<double> bounds;
  std::uint64_t previous = 0;
  for (const auto& bucket : buckets) {
    counts.push_back(bucket.cumulative_count - previous);
    previous = bucket.cumulative_count;
    if (std::isfinite(bucket.upper_bound)) bounds.push_back(bucket.upper_bound);
  }
  const std::size_t point = w.mark();
  write_labels(w, histogram_point::kAttributes, metric);
  if (exemplars != nullptr) {
    for (auto e = exemplars->rbegin(); e != exemplars->rend(); ++e) {
      if (!*e) continue;
      const std::size_t ex = w.mark();
      w.bytes_field(exemplar_msg::kTraceId, (*e)->trace.trace_id.data(), 16);
      w.bytes_field(exemplar_msg::kSpanId, (*e)->trace.span_id.data(), 8);
      w.double_field(exemplar_msg::kAsDouble, (*e)->value);
      w.fixed64_field(exemplar_msg::kTime,
                      static_cast<std::uint64_t>((*e)->timestamp_seconds * 1e9));
      w.end_message(histogram_point::kExemplars, ex);
    }
  }
  if (!bounds.empty()) write_packed_doubles(w, histogram_point::kExplicitBounds, bounds);
  write_packed_fixed64(w, histogram_point::kBucketCounts, counts);
  w.double_field(histogram_point::kSum, metric.histogram.sample_sum);
  w.fixed64_field(histogram_point::kCount, metric.histogram.sample_count);
  w.fixed64_field(histogram_point::kTime, times.now_unix_nano);
  w.fixed64_field(histogram_point::kStart, times.start_unix_nano);
  w.end_message(sum_msg::kDataPoints, point);
}

void write_summary_point(ProtoWriter& w, const ClientMetric& metric, const MetricsTimes& times) {
  const std::size_t point = w.mark();
  write_labels(w, summary_point::kAttributes, metric);
  const auto& quantiles = metric.summary.quantile;
  for (auto q = quantiles.rbegin(); q != quantiles.rend(); ++q) {
    const std::size_t qv = w.mark();
    w.double_field(quantile_msg::kValue, q->value);
    w.double_field(quantile_msg::kQuantile, q->quantile);
    w.end_message(summary_point::kQuantiles, qv);
  }
  w.double_field(summary_point::kSum, metric.summary.sample_sum);
  w.fixed64_field(summary_point::kCount, metric.summary.sample_count);
  w.fixed64_field(summary_point::kTime, times.now_unix_nano);
  w.fixed64_field(summary_point::kStart, times.start_unix_nano);
  w.end_message(sum_msg::kDataPoints, point);
}

const metrics::HistogramExemplars* exemplars_of(std::string_view family,
                                                std::span<const metrics::HistogramExemplars> all) {
  for (const auto& entry : all)
    if (entry.family == family) return &entry;
  return nullptr;
}

void write_metric(ProtoWriter& w, const MetricFamily& family,
                  std::span<const metrics::HistogramExemplars> all_exemplars,
                  const MetricsTimes& times) {
  if (family.metric.empty()) return;  // a family no series of which exists yet
  std::string_view name = family.name;
  const std::size_t metric = w.mark();
  const std::size_t data = w.mark();
  const auto& points = family.metric;
  switch (family.type) {
    case MetricType::Counter:
      if (ends_with(name, "_total")) name.remove_suffix(6);
      w.varint_field(sum_msg::kIsMonotonic, 1);
      w.varint_field(sum_msg::kTemporality, kCumulative);
      for (auto m = points.rbegin(); m != points.rend(); ++m)
        write_number_point(w, *m, m->counter.value, times);
      w.end_message(metric_msg::kSum, data);
      break;
    case MetricType::Gauge:
    case MetricType::Untyped:
      for (auto m = points.rbegin(); m != points.rend(); ++m)
        write_number_point(
            w, *m, family.type == MetricType::Gauge ? m->gauge.value : m->untyped.value, times);
      w.end_message(metric_msg::kGauge, data);
      break;
    case MetricType::Histogram: {
      const auto* exemplars = exemplars_of(family.name, all_exemplars);
      w.varint_field(sum_msg::kTemporality, kCumulative);
      for (std::size_t i = points.size(); i-- > 0;) {
        const auto* buckets = exemplars != nullptr && i < exemplars->by_metric.size()
                                  ? &exemplars->by_metric[i]
                                  : nullptr;
        write_histogram_point(w, points[i], buckets, times);
      }
      w.end_message(metric_msg::kHistogram, data);
      break;
    }
    case MetricType::Summary:
      for (auto m = points.rbegin(); m != points.rend(); ++m) write_summary_point(w, *m, times);
      w.end_message(metric_msg::kSummary, data);
      break;
  }
  const std::string_view unit = unit_of(name);
  if (!unit.empty()) w.trusted_string_field(metric_msg::kUnit, unit);
  if (!family.help.empty()) w.string_field(metric_msg::kDescription, family.help);
  w.string_field(metric_msg::kName, name);
  w.end_message(scope_metrics::kMetrics, metric);
}

}  // namespace

std::string_view unit_of(std::string_view name) noexcept {
  if (ends_with(name, "_seconds")) return "s";
  if (ends_with(name, "_bytes")) return "By";
  if (ends_with(name, "_ratio")) return "1";
  return {};
}

void encode_metrics_request(ProtoWriter& w, const trace::Resource& resource,
                            const trace::InstrumentationScope& scope,
                            const std::vector<MetricFamily>& families,
                            std::span<const metrics::HistogramExemplars> exemplars,
                            const MetricsTimes& times) {
  w.clear();
  const std::size_t rm = w.mark();
  const std::size_t sm = w.mark();
  for (auto family = families.rbegin(); family != families.rend(); ++family)
    write_metric(w, *family, exemplars, times);
  trace::write_otlp_scope(w, scope_metrics::kScope, scope);
  w.end_message(resource_metrics::kScopeMetrics, sm);
  trace::write_otlp_resource(w, resource_metrics::kResource, resource);
  w.end_message(request::kResourceMetrics, rm);
}

}  // namespace authlens::otlp_metrics
