#include "telemetry/metrics/metrics.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

#include "telemetry/metrics/exposition.hpp"

namespace authlens::metrics {
namespace {

using testing::has_family;
using testing::sample;

const std::string kLogin200 =
    R"(http_request_method="POST",http_response_status_code="200",http_route="/login")";

TEST(Metrics, RequestHistogramHasContractLabelsAndCounts) {
  Metrics m;
  const RouteId login = m.register_route("POST", "/login");
  m.observe_request(login, 200, 0.003);
  m.observe_request(login, 200, 0.2);
  m.observe_request(login, 401, 0.06);
  const std::string text = m.render();

  EXPECT_TRUE(has_family(text, "http_server_request_duration_seconds", "histogram"));
  EXPECT_EQ(sample(text, "http_server_request_duration_seconds_count{" + kLogin200 + "}"), 2);
  EXPECT_DOUBLE_EQ(*sample(text, "http_server_request_duration_seconds_sum{" + kLogin200 + "}"),
                   0.203);
  EXPECT_EQ(sample(text,
                   "http_server_request_duration_seconds_count{http_request_method=\"POST\","
                   "http_response_status_code=\"401\",http_route=\"/login\"}"),
            1);
}

TEST(Metrics, RequestDurationsLandInSemanticConventionBuckets) {
  Metrics m;
  const RouteId login = m.register_route("POST", "/login");
  for (double s : {0.004, 0.005, 0.006, 0.3, 9.0, 11.0}) m.observe_request(login, 200, s);
  const std::string text = m.render();
  const auto bucket = [&](const std::string& le) {
    return sample(
        text, "http_server_request_duration_seconds_bucket{" + kLogin200 + ",le=\"" + le + "\"}");
  };
  EXPECT_EQ(bucket("0.005"), 2);  // upper bounds are inclusive
  EXPECT_EQ(bucket("0.01"), 3);
  EXPECT_EQ(bucket("0.25"), 3);
  EXPECT_EQ(bucket("0.5"), 4);
  EXPECT_EQ(bucket("7.5"), 4);
  EXPECT_EQ(bucket("10"), 5);
  EXPECT_EQ(bucket("+Inf"), 6);
  for (const char* le : {"0.025", "0.05", "0.075", "0.1", "0.75", "1", "2.5", "5"})
    EXPECT_TRUE(bucket(le).has_value()) << le;
}

TEST(Metrics, RoutesAreRegisteredOnce) {
  Metrics m;
  const RouteId a = m.register_route("POST", "/login");
  const RouteId b = m.register_route("GET", "/me");
  EXPECT_EQ(m.register_route("POST", "/login").index, a.index);
  EXPECT_NE(a.index, b.index);
}

TEST(Metrics, UnmatchedRequestsUseAFixedRouteAndBoundedMethods) {
  Metrics m;
  m.observe_request(m.unmatched_route("GET"), 404, 0.001);
  m.observe_request(m.unmatched_route("BREW"), 405, 0.001);
  m.observe_request(m.unmatched_route("FOO"), 405, 0.001);
  const std::string text = m.render();
  EXPECT_EQ(sample(text,
                   "http_server_request_duration_seconds_count{http_request_method=\"GET\","
                   "http_response_status_code=\"404\",http_route=\"unmatched\"}"),
            1);
  EXPECT_EQ(sample(text,
                   "http_server_request_duration_seconds_count{http_request_method=\"_OTHER\","
                   "http_response_status_code=\"405\",http_route=\"unmatched\"}"),
            2);
  EXPECT_EQ(text.find("BREW"), std::string::npos);
}

TEST(Metrics, OutOfRangeStatusIsBoundedToOther) {
  Metrics m;
  const RouteId me = m.register_route("GET", "/me");
  m.observe_request(me, 0, 0.001);
  m.observe_request(me, 1234, 0.001);
  EXPECT_EQ(sample(m.render(),
                   "http_server_request_duration_seconds_count{http_request_method="
                   "\"GET\",http_response_status_code=\"other\",http_route=\"/me\"}"),
            2);
}

TEST(Metrics, ActiveRequestsGoesUpAndDown) {
  Metrics m;
  m.request_started();
  m.request_started();
  m.request_finished();
  const std::string text = m.render();
  EXPECT_TRUE(has_family(text, "http_server_active_requests", "gauge"));
  EXPECT_EQ(sample(text, "http_server_active_requests"), 1);
}

TEST(Metrics, AuthEventsCountByEventAndResult) {
  Metrics m;
  m.auth_event("login", "success");
  m.auth_event("login", "success");
  m.auth_event("login", "invalid_credentials");
  const std::string text = m.render();
  EXPECT_TRUE(has_family(text, "authlens_auth_events_total", "counter"));
  EXPECT_EQ(sample(text, R"(authlens_auth_events_total{event="login",result="success"})"), 2);
  EXPECT_EQ(
      sample(text, R"(authlens_auth_events_total{event="login",result="invalid_credentials"})"), 1);
}

TEST(Metrics, AuthEventLabelValuesAreBounded) {
  Metrics m;
  for (int i = 0; i < 1000; ++i) m.auth_event("event" + std::to_string(i), "success");
  const std::string text = m.render();
  EXPECT_EQ(sample(text, R"(authlens_auth_events_total{event="other",result="other"})"),
            1000 - 128);
  EXPECT_EQ(text.find("event999"), std::string::npos);
}

TEST(Metrics, PasswordHashDurationsByOperation) {
  Metrics m;
  m.password_hash("hash", 0.06);
  m.password_hash("verify", 0.055);
  m.password_hash("verify", 1.5);
  const std::string text = m.render();
  EXPECT_TRUE(has_family(text, "authlens_password_hash_duration_seconds", "histogram"));
  EXPECT_EQ(sample(text, R"(authlens_password_hash_duration_seconds_count{operation="hash"})"), 1);
  EXPECT_EQ(sample(text, R"(authlens_password_hash_duration_seconds_count{operation="verify"})"),
            2);
  EXPECT_EQ(
      sample(text,
             R"(authlens_password_hash_duration_seconds_bucket{operation="verify",le="0.075"})"),
      1);
  EXPECT_EQ(
      sample(text, R"(authlens_password_hash_duration_seconds_bucket{operation="verify",le="2"})"),
      2);
}

TEST(Metrics, MailOutboxAndDeliveries) {
  Metrics m;
  double pending = 3;
  m.set_outbox_pending_source([&] { return pending; });
  m.mail_delivery("sent");
  m.mail_delivery("retry");
  m.mail_delivery("sent");
  std::string text = m.render();
  EXPECT_TRUE(has_family(text, "authlens_mail_outbox_pending", "gauge"));
  EXPECT_EQ(sample(text, "authlens_mail_outbox_pending"), 3);
  EXPECT_EQ(sample(text, R"(authlens_mail_deliveries_total{result="sent"})"), 2);
  EXPECT_EQ(sample(text, R"(authlens_mail_deliveries_total{result="retry"})"), 1);
  EXPECT_EQ(sample(text, R"(authlens_mail_deliveries_total{result="failed"})"), 0);
  pending = 0;
  EXPECT_EQ(sample(m.render(), "authlens_mail_outbox_pending"), 0);
}

TEST(Metrics, SourcedCountersFollowTheirTotalsAndNeverDecrease) {
  Metrics m;
  double exported = 0;
  m.set_counter_source("authlens_spans_exported_total", "ignored", [&] { return exported; });
  std::string text = m.render();
  for (const char* name : {"authlens_spans_exported_total", "authlens_spans_dropped_total",
                           "authlens_spans_failed_total", "authlens_log_lines_dropped_total"}) {
    EXPECT_TRUE(has_family(text, name, "counter")) << name;
    EXPECT_EQ(sample(text, name), 0) << name;
  }
  exported = 42;
  EXPECT_EQ(sample(m.render(), "authlens_spans_exported_total"), 42);
  exported = 40;  // a source that went backwards must not make the counter decrease
  EXPECT_EQ(sample(m.render(), "authlens_spans_exported_total"), 42);
  m.set_counter_source("authlens_custom_things_total", "Things.", [] { return 7.0; });
  EXPECT_EQ(sample(m.render(), "authlens_custom_things_total"), 7);
}

TEST(Metrics, RejectsBadSourceNamesAndSignals) {
  Metrics m;
  EXPECT_THROW(m.set_counter_source("spans_exported", "x", [] { return 0.0; }),
               std::invalid_argument);
  EXPECT_THROW(m.set_counter_source("bad-name_total", "x", [] { return 0.0; }),
               std::invalid_argument);
  EXPECT_THROW(m.set_telemetry_cpu_source("profiles", [] { return 0.0; }), std::invalid_argument);
}

TEST(Metrics, TelemetryCpuPerSignalIncludesItsOwnRenderCost) {
  Metrics m;
  m.set_telemetry_cpu_source("traces", [] { return 1.5; });
  m.set_telemetry_cpu_source("logs", [] { return 0.25; });
  m.set_telemetry_cpu_source("metrics", [] { return 10.0; });
  m.render();  // its cost becomes visible in the next render
  const std::string text = m.render();
  EXPECT_TRUE(has_family(text, "authlens_telemetry_cpu_seconds_total", "counter"));
  EXPECT_EQ(sample(text, R"(authlens_telemetry_cpu_seconds_total{signal="traces"})"), 1.5);
  EXPECT_EQ(sample(text, R"(authlens_telemetry_cpu_seconds_total{signal="logs"})"), 0.25);
  const auto own = sample(text, R"(authlens_telemetry_cpu_seconds_total{signal="metrics"})");
  ASSERT_TRUE(own.has_value());
  EXPECT_GT(*own, 10.0);  // the extra source plus the measured render time
  EXPECT_GT(m.own_cpu_seconds(), 0.0);
}

TEST(Metrics, RecordingFromManyThreadsIsCountedExactly) {
  Metrics m;
  const RouteId me = m.register_route("GET", "/me");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        m.request_started();
        m.observe_request(me, 200 + i % 3, 0.01);
        m.auth_event("login", i % 2 ? "success" : "failure");
        m.request_finished();
      }
    });
  for (auto& th : threads) th.join();
  const std::string text = m.render();
  double total = 0;
  for (const char* status : {"200", "201", "202"})
    total +=
        sample(text, std::string("http_server_request_duration_seconds_count{http_request_method="
                                 "\"GET\",http_response_status_code=\"") +
                         status + "\",http_route=\"/me\"}")
            .value_or(0);
  EXPECT_EQ(total, 4000);
  EXPECT_EQ(sample(text, R"(authlens_auth_events_total{event="login",result="success"})"), 2000);
  EXPECT_EQ(sample(text, "http_server_active_requests"), 0);
}

TEST(Metrics, DisabledRecordsAndRendersNothing) {
  Metrics m(false);
  EXPECT_FALSE(m.enabled());
  const RouteId login = m.register_route("POST", "/login");
  m.observe_request(login, 200, 0.1);
  m.observe_request(m.unmatched_route("GET"), 404, 0.1);
  m.request_started();
  m.auth_event("login", "success");
  m.password_hash("hash", 0.05);
  m.mail_delivery("sent");
  m.set_outbox_pending_source([] { return 1.0; });
  m.set_counter_source("authlens_spans_exported_total", "x", [] { return 1.0; });
  m.set_telemetry_cpu_source("traces", [] { return 1.0; });
  EXPECT_EQ(m.render(), "");
  EXPECT_EQ(m.own_cpu_seconds(), 0.0);
}

}  // namespace
}  // namespace authlens::metrics
