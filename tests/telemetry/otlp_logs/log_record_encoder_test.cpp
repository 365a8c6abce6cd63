#include "telemetry/otlp_logs/log_record_encoder.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "telemetry/trace/proto_reader.hpp"

namespace authlens::otlp_logs {
namespace {

using trace::testing::fields_numbered;
using trace::testing::only;
using trace::testing::parse_message;
using trace::testing::ProtoField;

trace::SpanContext sampled_context() {
  trace::SpanContext c;
  for (std::size_t i = 0; i < c.trace_id.size(); ++i)
    c.trace_id[i] = static_cast<std::uint8_t>(i + 1);
  for (std::size_t i = 0; i < c.span_id.size(); ++i)
    c.span_id[i] = static_cast<std::uint8_t>(0xa0 + i);
  c.trace_flags = trace::kTraceFlagSampled;
  return c;
}

// The LogRecord inside one append_log_record output (a ScopeLogs field 2).
std::vector<ProtoField> record_of(const std::string& encoded) {
  const auto outer = parse_message(encoded);
  EXPECT_EQ(outer.size(), 1u);
  EXPECT_EQ(outer[0].number, 2u);
  return parse_message(outer[0].bytes);
}

std::string string_value(std::string_view any) {
  return std::string(only(parse_message(any), 1).bytes);
}

TEST(LogRecordEncoder, CarriesTimesSeverityBodyAttributesAndTheSpan) {
  const auto context = sampled_context();
  const std::chrono::system_clock::time_point when{
      std::chrono::nanoseconds(1'700'000'000'123'456'789)};
  const log::Field fields[] = {{"http.route", "/login"},
                               {"http.response.status_code", 401},
                               {"duration_ms", std::chrono::microseconds(1500)},
                               {"password", "hunter2"},
                               {"ratio", 0.25},
                               {"cached", true},
                               {"big", std::uint64_t{1} << 63}};
  const log::LineInput in{.when = when,
                          .level = log::Level::kWarn,
                          .service_name_json = "authlens",
                          .message = "request",
                          .span = &context,
                          .fields = fields};
  trace::ProtoWriter scratch;
  std::string out;
  append_log_record(scratch, out, in, 1'700'000'001'000'000'000);
  const auto record = record_of(out);

  EXPECT_EQ(only(record, 1).integer, 1'700'000'000'123'456'789u);   // time_unix_nano
  EXPECT_EQ(only(record, 11).integer, 1'700'000'001'000'000'000u);  // observed_time_unix_nano
  EXPECT_EQ(only(record, 2).integer, 13u);                          // SEVERITY_NUMBER_WARN
  EXPECT_EQ(only(record, 3).bytes, "WARN");
  EXPECT_EQ(string_value(only(record, 5).bytes), "request");
  EXPECT_EQ(only(record, 9).bytes,
            std::string_view(reinterpret_cast<const char*>(context.trace_id.data()), 16));
  EXPECT_EQ(only(record, 10).bytes,
            std::string_view(reinterpret_cast<const char*>(context.span_id.data()), 8));
  EXPECT_EQ(only(record, 8).integer, 1u);  // flags: sampled

  const auto attributes = fields_numbered(record, 6);
  ASSERT_EQ(attributes.size(), 7u);
  std::vector<std::pair<std::string, std::vector<ProtoField>>> kv;
  for (const auto& a : attributes) {
    const auto pair = parse_message(a.bytes);
    kv.emplace_back(std::string(only(pair, 1).bytes), parse_message(only(pair, 2).bytes));
  }
  EXPECT_EQ(kv[0].first, "http.route");
  EXPECT_EQ(only(kv[0].second, 1).bytes, "/login");
  EXPECT_EQ(kv[1].first, "http.response.status_code");
  EXPECT_EQ(only(kv[1].second, 3).integer, 401u);
  EXPECT_EQ(kv[2].first, "duration_ms");
  double ms = 0;
  const std::uint64_t bits = only(kv[2].second, 4).integer;
  std::memcpy(&ms, &bits, sizeof ms);
  EXPECT_DOUBLE_EQ(ms, 1.5);
  EXPECT_EQ(kv[3].first, "password");
  EXPECT_EQ(only(kv[3].second, 1).bytes, "[REDACTED]") << "secrets never leave in a record";
  EXPECT_EQ(kv[4].first, "ratio");
  EXPECT_EQ(kv[5].first, "cached");
  EXPECT_EQ(only(kv[5].second, 2).integer, 1u);
  EXPECT_EQ(kv[6].first, "big");
  EXPECT_EQ(fields_numbered(kv[6].second, 4).size(), 1u) << "beyond int64: a double";
  EXPECT_EQ(out.find("hunter2"), std::string::npos);
}

TEST(LogRecordEncoder, WithoutASpanHasNoIdsAndRecordsConcatenateIntoABatch) {
  const log::LineInput in{.when = std::chrono::system_clock::now(),
                          .level = log::Level::kError,
                          .service_name_json = "authlens",
                          .message = "bad \xff byte",
                          .span = nullptr,
                          .fields = {}};
  trace::ProtoWriter scratch(16);  // grows
  std::string out;
  append_log_record(scratch, out, in, 1);
  append_log_record(scratch, out, in, 2);
  const auto both = parse_message(out);
  ASSERT_EQ(both.size(), 2u);
  const auto first = parse_message(both[0].bytes);
  EXPECT_TRUE(fields_numbered(first, 9).empty());
  EXPECT_TRUE(fields_numbered(first, 10).empty());
  EXPECT_TRUE(fields_numbered(first, 8).empty());
  EXPECT_EQ(only(first, 2).integer, 17u);
  EXPECT_EQ(string_value(only(first, 5).bytes), "bad \xef\xbf\xbd byte") << "made valid UTF-8";
  EXPECT_EQ(only(parse_message(both[1].bytes), 11).integer, 2u);
}

TEST(LogRecordEncoder, SeverityFollowsTheLogDataModel) {
  EXPECT_EQ(severity_number(log::Level::kDebug), 5u);
  EXPECT_EQ(severity_number(log::Level::kInfo), 9u);
  EXPECT_EQ(severity_number(log::Level::kWarn), 13u);
  EXPECT_EQ(severity_number(log::Level::kError), 17u);
  EXPECT_EQ(severity_text(log::Level::kInfo), "INFO");
}

TEST(LogRecordEncoder, RequestWrapsRecordsInResourceAndScope) {
  trace::Resource resource;
  resource.attributes.push_back({"service.name", std::string("authlens-test")});
  const log::LineInput in{.when = std::chrono::system_clock::now(),
                          .level = log::Level::kInfo,
                          .service_name_json = "authlens",
                          .message = "hello",
                          .span = nullptr,
                          .fields = {}};
  trace::ProtoWriter scratch;
  std::string records;
  append_log_record(scratch, records, in, 1);
  append_log_record(scratch, records, in, 1);
  trace::ProtoWriter w;
  encode_logs_request(w, resource, {"authlens", "9.9"}, records);
  const auto request = parse_message(w.bytes());
  const auto resource_logs = parse_message(only(request, 1).bytes);
  const auto res = parse_message(only(resource_logs, 1).bytes);
  EXPECT_NE(std::string(only(res, 1).bytes).find("authlens-test"), std::string::npos);
  const auto scope_logs = parse_message(only(resource_logs, 2).bytes);
  const auto scope = parse_message(only(scope_logs, 1).bytes);
  EXPECT_EQ(only(scope, 1).bytes, "authlens");
  EXPECT_EQ(only(scope, 2).bytes, "9.9");
  EXPECT_EQ(fields_numbered(scope_logs, 2).size(), 2u);
}

}  // namespace
}  // namespace authlens::otlp_logs
