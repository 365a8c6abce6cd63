#include <gtest/gtest.h>

#include <map>

#include "telemetry/config_error.hpp"
#include "telemetry/otlp_logs/logs_from_env.hpp"

namespace authlens::otlp_logs {
namespace {

trace::Getenv env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(LogsConfig, OffUnlessAsked) {
  EXPECT_FALSE(read_logs_config(env({})).otlp);
  EXPECT_FALSE(read_logs_config(env({{"OTEL_LOGS_EXPORTER", "none"}})).otlp);
  EXPECT_FALSE(
      read_logs_config(env({{"OTEL_LOGS_EXPORTER", "otlp"}, {"OTEL_SDK_DISABLED", "TRUE"}})).otlp);
  EXPECT_EQ(make_log_processor_from_env(env({}), "0.1.0"), nullptr);
}

TEST(LogsConfig, TheLogsEndpointAndTheGeneralOne) {
  auto general = read_logs_config(env({{"OTEL_LOGS_EXPORTER", "otlp"},
                                       {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"},
                                       {"OTEL_EXPORTER_OTLP_TIMEOUT", "3000"},
                                       {"OTEL_EXPORTER_OTLP_LOGS_TIMEOUT", "2000"},
                                       {"OTEL_EXPORTER_OTLP_HEADERS", "a=1,b=2"},
                                       {"OTEL_EXPORTER_OTLP_LOGS_HEADERS", "b=3"},
                                       {"OTEL_EXPORTER_OTLP_LOGS_COMPRESSION", "gzip"}}));
  EXPECT_TRUE(general.otlp);
  EXPECT_EQ(general.otlp_options.url, "http://collector:4318/v1/logs");
  EXPECT_EQ(general.otlp_options.timeout, std::chrono::milliseconds(2000));
  EXPECT_TRUE(general.otlp_options.gzip);
  ASSERT_EQ(general.otlp_options.headers.size(), 2u);
  EXPECT_EQ(general.otlp_options.headers[1].second, "3");

  auto own = read_logs_config(env({{"OTEL_LOGS_EXPORTER", "none,otlp"},
                                   {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"},
                                   {"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://logs:9/in"}}));
  EXPECT_EQ(own.otlp_options.url, "http://logs:9/in") << "the signal's own endpoint as it is";
  EXPECT_EQ(read_logs_config(env({{"OTEL_LOGS_EXPORTER", "otlp"}})).otlp_options.url,
            "http://localhost:4318/v1/logs");
}

TEST(LogsConfig, BatchSettings) {
  auto c = read_logs_config(env({{"OTEL_LOGS_EXPORTER", "otlp"},
                                 {"OTEL_BLRP_MAX_QUEUE_SIZE", "100"},
                                 {"OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "10"},
                                 {"OTEL_BLRP_SCHEDULE_DELAY", "250"},
                                 {"OTEL_BLRP_EXPORT_TIMEOUT", "4000"}}));
  EXPECT_EQ(c.batch.max_queue_size, 100u);
  EXPECT_EQ(c.batch.max_export_batch_size, 10u);
  EXPECT_EQ(c.batch.schedule_delay, std::chrono::milliseconds(250));
  EXPECT_EQ(c.batch.export_timeout, std::chrono::milliseconds(4000));
}

TEST(LogsConfig, RefusalsNameTheVariable) {
  const auto refused = [](std::map<std::string, std::string> vars) -> std::string {
    vars.emplace("OTEL_LOGS_EXPORTER", "otlp");
    try {
      read_logs_config(env(vars));
    } catch (const telemetry::ConfigError& error) {
      return error.variable();
    }
    return "";
  };
  try {
    read_logs_config(env({{"OTEL_LOGS_EXPORTER", "kafka"}}));
    ADD_FAILURE() << "kafka accepted";
  } catch (const telemetry::ConfigError& error) {
    EXPECT_EQ(error.variable(), "OTEL_LOGS_EXPORTER");
  }
  EXPECT_EQ(refused({{"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "http/json"}}),
            "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL");
  EXPECT_EQ(refused({{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}}), "OTEL_EXPORTER_OTLP_PROTOCOL");
  EXPECT_EQ(refused({{"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "collector:4318"}}),
            "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT");
  EXPECT_EQ(refused({{"OTEL_BLRP_MAX_QUEUE_SIZE", "0"}}), "OTEL_BLRP_MAX_QUEUE_SIZE");
  EXPECT_EQ(
      refused({{"OTEL_BLRP_MAX_QUEUE_SIZE", "10"}, {"OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "11"}}),
      "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE");
  EXPECT_EQ(refused({{"OTEL_BLRP_SCHEDULE_DELAY", "-1"}}), "OTEL_BLRP_SCHEDULE_DELAY");
}

}  // namespace
}  // namespace authlens::otlp_logs
