#include "telemetry/metrics/openmetrics.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "telemetry/metrics/metrics.hpp"

namespace authlens::metrics {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

TraceRef trace_ref(std::uint8_t trace_byte, std::uint8_t span_byte) {
  TraceRef ref;
  ref.trace_id.fill(trace_byte);
  ref.span_id.fill(span_byte);
  return ref;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(OpenMetrics, WritesEveryTypeByteForByte) {
  MetricFamily counter{
      "authlens_auth_events_total", "Auth \"events\" \\ by\nresult.", MetricType::Counter, {}};
  ClientMetric c;
  c.label = {{"event", "login"}, {"result", "a\"b\\c\nd"}};
  c.counter.value = 3;
  counter.metric.push_back(c);

  MetricFamily gauge{"process_resident_memory_bytes", "Resident memory.", MetricType::Gauge, {}};
  ClientMetric g;
  g.gauge.value = 1.5e9;
  gauge.metric.push_back(g);

  MetricFamily histogram{"x_seconds", "X.", MetricType::Histogram, {}};
  ClientMetric h;
  h.label = {{"r", "/me"}};
  h.histogram.bucket = {{1, 0.005}, {2, 1}, {3, std::numeric_limits<double>::infinity()}};
  h.histogram.sample_count = 3;
  h.histogram.sample_sum = 2.25;
  histogram.metric.push_back(h);

  HistogramExemplars exemplars{"x_seconds", {{std::nullopt, std::nullopt, std::nullopt}}};
  exemplars.by_metric[0][1] = Exemplar{trace_ref(0xab, 0x01), 0.75, 1700000000.5};

  const std::string text =
      serialize_openmetrics({counter, gauge, histogram}, std::span(&exemplars, 1));
  EXPECT_EQ(text,
            "# TYPE authlens_auth_events counter\n"
            "# HELP authlens_auth_events Auth \\\"events\\\" \\\\ by\\nresult.\n"
            "authlens_auth_events_total{event=\"login\",result=\"a\\\"b\\\\c\\nd\"} 3\n"
            "# TYPE process_resident_memory_bytes gauge\n"
            "# UNIT process_resident_memory_bytes bytes\n"
            "# HELP process_resident_memory_bytes Resident memory.\n"
            "process_resident_memory_bytes 1500000000\n"
            "# TYPE x_seconds histogram\n"
            "# UNIT x_seconds seconds\n"
            "# HELP x_seconds X.\n"
            "x_seconds_bucket{r=\"/me\",le=\"0.005\"} 1\n"
            "x_seconds_bucket{r=\"/me\",le=\"1.0\"} 2 # "
            "{trace_id=\"abababababababababababababababab\",span_id=\"0101010101010101\"} 0.75 "
            "1700000000.500\n"
            "x_seconds_bucket{r=\"/me\",le=\"+Inf\"} 3\n"
            "x_seconds_count{r=\"/me\"} 3\n"
            "x_seconds_sum{r=\"/me\"} 2.25\n"
            "# EOF\n");
}

TEST(OpenMetrics, EmptyExpositionIsJustEof) { EXPECT_EQ(serialize_openmetrics({}, {}), "# EOF\n"); }

TEST(OpenMetrics, UnitOnlyForAWholeSuffix) {
  MetricFamily g{"cpu_usage", "", MetricType::Gauge, {ClientMetric{}}};
  MetricFamily h{"kilobytes", "", MetricType::Gauge, {ClientMetric{}}};
  const auto text = serialize_openmetrics({g, h}, {});
  EXPECT_EQ(text.find("# UNIT"), std::string::npos) << text;
  EXPECT_EQ(text.find("# HELP"), std::string::npos) << "no help, no HELP line";
}

TEST(OpenMetrics, ServiceExpositionHasExemplarsFromSampledRequestsOnly) {
  Metrics m;
  const RouteId me = m.register_route("GET", "/me");
  const RouteId login = m.register_route("POST", "/login");
  const TraceRef sampled = trace_ref(0x4b, 0x00);
  m.observe_request(me, 200, 0.003, &sampled);  // le=0.005
  m.observe_request(me, 200, 0.3);              // le=0.5, unsampled: no exemplar
  m.observe_request(login, 401, 0.06);          // unsampled series: none at all
  m.auth_event("login", "ok");
  const std::string text = m.render(Metrics::Format::kOpenMetrics);

  const std::regex exemplar_line(
      R"re(^http_server_request_duration_seconds_bucket\{[^}]*\} [0-9]+ # )re"
      R"re(\{trace_id="([0-9a-f]{32})",span_id="([0-9a-f]{16})"\} ([0-9.e+-]+) ([0-9]+\.[0-9]{3})$)re");
  int exemplars = 0;
  for (const auto& line : lines_of(text)) {
    if (line.find(" # {") == std::string::npos) continue;
    std::smatch match;
    ASSERT_TRUE(std::regex_match(line, match, exemplar_line)) << line;
    ++exemplars;
    EXPECT_EQ(match[1], "4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b");
    EXPECT_EQ(match[2], "0000000000000000");
    EXPECT_EQ(match[3], "0.003");
    EXPECT_NE(line.find("http_route=\"/me\",le=\"0.005\"}"), std::string::npos) << line;
    // OpenMetrics: an exemplar's label names and values add up to 128 characters at most.
    const auto open = line.find(" # {") + 4;
    const std::string labels = line.substr(open, line.find('}', open) - open);
    std::size_t chars = 0;
    for (const auto& pair :
         {std::string("trace_id"), match[1].str(), std::string("span_id"), match[2].str()})
      chars += pair.size();
    EXPECT_LE(chars, kMaxExemplarLabelChars) << labels;
  }
  EXPECT_EQ(exemplars, 1) << text;
  EXPECT_TRUE(text.ends_with("\n# EOF\n"));
  EXPECT_NE(text.find("# TYPE http_server_request_duration_seconds histogram\n"
                      "# UNIT http_server_request_duration_seconds seconds\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE authlens_auth_events counter\n"), std::string::npos);
  EXPECT_NE(text.find("\nprocess_cpu_seconds_total "), std::string::npos);
  EXPECT_NE(text.find("le=\"1.0\"}"), std::string::npos) << "canonical bucket bounds";
}

TEST(OpenMetrics, TheLatestExemplarOfABucketWins) {
  Metrics m;
  const RouteId me = m.register_route("GET", "/me");
  const TraceRef first = trace_ref(0x11, 0x01);
  const TraceRef second = trace_ref(0x22, 0x02);
  m.observe_request(me, 200, 0.001, &first);
  m.observe_request(me, 200, 0.002, &second);
  const std::string text = m.render(Metrics::Format::kOpenMetrics);
  EXPECT_EQ(text.find("11111111"), std::string::npos);
  EXPECT_NE(text.find("trace_id=\"22222222222222222222222222222222\",span_id=\"0202020202020202\"} "
                      "0.002 "),
            std::string::npos)
      << text;
}

TEST(OpenMetrics, PlainTextIsUnchangedByExemplars) {
  Metrics with;
  Metrics without;
  const TraceRef sampled = trace_ref(0x4b, 0x01);
  with.observe_request(with.register_route("GET", "/me"), 200, 0.003, &sampled);
  without.observe_request(without.register_route("GET", "/me"), 200, 0.003);
  const auto strip_process = [](const std::string& text) {
    std::string kept;
    for (const auto& line : lines_of(text))
      if (line.starts_with("http_server_")) kept += line + "\n";
    return kept;
  };
  const std::string text = with.render();
  EXPECT_EQ(strip_process(text), strip_process(without.render()));
  EXPECT_EQ(text.find(" # {"), std::string::npos);
  EXPECT_EQ(text.find("# EOF"), std::string::npos);
  EXPECT_NE(text.find("le=\"1\"}"), std::string::npos) << "the text format keeps its bounds";
}

TEST(OpenMetrics, DisabledMetricsRenderNothingInEitherFormat) {
  Metrics off(false);
  EXPECT_EQ(off.render(Metrics::Format::kOpenMetrics), "");
}

TEST(OpenMetricsNegotiation, OnlyClientsThatNameItGetIt) {
  // What Prometheus 2.x sends when it scrapes.
  EXPECT_TRUE(accepts_openmetrics(
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
      "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
  EXPECT_TRUE(accepts_openmetrics("application/openmetrics-text"));
  EXPECT_TRUE(accepts_openmetrics("Application/OpenMetrics-Text; version=1.0.0"));
  EXPECT_TRUE(accepts_openmetrics("text/plain;q=0.5, application/openmetrics-text"));
  EXPECT_FALSE(accepts_openmetrics(""));
  EXPECT_FALSE(accepts_openmetrics("*/*"));
  EXPECT_FALSE(accepts_openmetrics("text/plain"));
  EXPECT_FALSE(accepts_openmetrics("text/plain, application/openmetrics-text;q=0.5"));
  EXPECT_FALSE(accepts_openmetrics("application/openmetrics-text;q=0"));
  EXPECT_FALSE(accepts_openmetrics("application/openmetrics-text;q=bogus"));
  EXPECT_FALSE(accepts_openmetrics("application/json"));
}

}  // namespace
}  // namespace authlens::metrics
