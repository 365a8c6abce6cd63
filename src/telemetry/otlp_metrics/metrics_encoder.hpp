#pragma once
// An ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1) from the same
// families /metrics serves: counters as cumulative monotonic sums, gauges as gauges, histograms
// as cumulative explicit-bucket histograms (with the duration histogram's exemplars), summaries
// as summaries. Names stay the exposition's, less a counter's "_total" (an OTLP-to-Prometheus
// translation adds it back); the unit comes from the name's suffix ("s", "By").
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <prometheus/metric_family.h>

#include "telemetry/metrics/exemplar.hpp"
#include "telemetry/trace/exporters/proto_writer.hpp"
#include "telemetry/trace/sdk/resource.hpp"

namespace authlens::otlp_metrics {

struct MetricsTimes {
  std::uint64_t start_unix_nano = 0;  // when the cumulative series began (the process start)
  std::uint64_t now_unix_nano = 0;    // the collection's time
};

// Into `w` (cleared first).
void encode_metrics_request(trace::ProtoWriter& w, const trace::Resource& resource,
                            const trace::InstrumentationScope& scope,
                            const std::vector<prometheus::MetricFamily>& families,
                            std::span<const metrics::HistogramExemplars> exemplars,
                            const MetricsTimes& times);

// "s" for a name ending in _seconds, "By" for _bytes, "1" for _ratio, else "".
std::string_view unit_of(std::string_view name) noexcept;

}  // namespace authlens::otlp_metrics
