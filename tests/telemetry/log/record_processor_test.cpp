#include "telemetry/log/record_processor.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "telemetry/log/capture_file.hpp"
#include "telemetry/log/logger.hpp"
#include "telemetry/trace/api/context.hpp"

namespace authlens::log {
namespace {

// Copies what it is handed (the record's views end with the call).
class Recorder final : public RecordProcessor {
 public:
  struct Seen {
    Level level;
    std::string message;
    std::vector<std::string> keys;
    bool has_span;
    trace::TraceId trace_id;
  };
  void on_emit(const LineInput& record) noexcept override {
    Seen seen{record.level,
              std::string(record.message.text()),
              {},
              record.span != nullptr && record.span->is_valid(),
              {}};
    for (const auto& field : record.fields) seen.keys.emplace_back(field.key());
    if (seen.has_span) seen.trace_id = record.span->trace_id;
    records.push_back(std::move(seen));
  }
  std::vector<Seen> records;
};

TEST(LoggerRecordProcessor, GetsEveryWrittenRecordWithItsFieldsAndSpan) {
  testing::CaptureFile out;
  Logger::Options options;
  options.fd = out.fd();
  options.level = Level::kInfo;
  auto recorder = std::make_shared<Recorder>();
  {
    Logger logger(options);
    logger.set_record_processor(recorder);
    logger.debug("below the level");
    logger.info("request", {{"http.route", "/me"}, {"http.response.status_code", 401}});
    trace::SpanContext span;
    span.trace_id.fill(0x4b);
    span.span_id.fill(0x01);
    span.trace_flags = trace::kTraceFlagSampled;
    trace::ContextScope active(span);
    logger.error("failed");
  }
  ASSERT_EQ(recorder->records.size(), 2u);
  EXPECT_EQ(recorder->records[0].message, "request");
  EXPECT_EQ(recorder->records[0].level, Level::kInfo);
  EXPECT_EQ(recorder->records[0].keys,
            (std::vector<std::string>{"http.route", "http.response.status_code"}));
  EXPECT_FALSE(recorder->records[0].has_span);
  EXPECT_TRUE(recorder->records[1].has_span);
  EXPECT_EQ(recorder->records[1].trace_id[0], 0x4b);
  EXPECT_NE(out.contents().find("\"message\":\"failed\""), std::string::npos)
      << "the line is still written";
}

TEST(LoggerRecordProcessor, NothingWhenLogsAreOff) {
  Logger::Options options;
  options.enabled = false;
  auto recorder = std::make_shared<Recorder>();
  Logger logger(options);
  logger.set_record_processor(recorder);
  logger.error("x");
  EXPECT_TRUE(recorder->records.empty());
}

}  // namespace
}  // namespace authlens::log
