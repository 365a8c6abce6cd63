#pragma once
// The OpenMetrics 1.0 text exposition (application/openmetrics-text; version=1.0.0), written by
// hand because prometheus-cpp 1.0.1 writes only the Prometheus text format and no exemplars
// (its issue #596). The differences that matter: counter families are named without "_total"
// (the sample keeps it), "# UNIT" for names ending in a base unit, bucket bounds in canonical
// form ("1.0"), "\"" escaped in help too, timestamps in seconds, exemplars after a bucket's
// value, and "# EOF" last.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/metric_family.h>

#include "telemetry/metrics/exemplar.hpp"

namespace authlens::metrics {

inline constexpr std::string_view kOpenMetricsContentType =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";
inline constexpr std::string_view kPrometheusTextContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// OpenMetrics caps an exemplar's label set (names and values together) at 128 characters.
inline constexpr std::size_t kMaxExemplarLabelChars = 128;

std::string serialize_openmetrics(const std::vector<prometheus::MetricFamily>& families,
                                  std::span<const HistogramExemplars> exemplars);

// Content negotiation for /metrics: true when the Accept header names
// application/openmetrics-text with a weight at least that of the plain text format. A client
// that did not name it (no Accept, "*/*", "text/plain") keeps the text format it always got.
bool accepts_openmetrics(std::string_view accept) noexcept;

}  // namespace authlens::metrics
