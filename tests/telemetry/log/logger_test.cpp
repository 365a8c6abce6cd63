#include "telemetry/log/logger.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "telemetry/log/capture_file.hpp"
#include "telemetry/trace/api/context.hpp"

namespace authlens::log {
namespace {

using nlohmann::json;
using testing::CaptureFile;

Logger::Options options_for(const CaptureFile& file, Format format = Format::kJson) {
  Logger::Options o;
  o.fd = file.fd();
  o.format = format;
  o.level = Level::kDebug;
  return o;
}

trace::SpanContext sample_span() {
  trace::SpanContext span;
  for (std::size_t i = 0; i < span.trace_id.size(); ++i) span.trace_id[i] = 0xa0 + i;
  for (std::size_t i = 0; i < span.span_id.size(); ++i) span.span_id[i] = 0x10 + i;
  span.trace_flags = trace::kTraceFlagSampled;
  return span;
}

TEST(Logger, WritesOneJsonObjectPerLineWithTheRequiredKeys) {
  CaptureFile out;
  {
    Logger logger(options_for(out));
    logger.info("request served", {{"http.route", "/login"},
                                   {"http.response.status_code", 200},
                                   {"duration_ms", 12.5},
                                   {"cached", false},
                                   {"bytes", std::uint64_t{18446744073709551615u}}});
  }
  const auto lines = out.lines();
  ASSERT_EQ(lines.size(), 1u);
  const json j = json::parse(lines[0]);
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["message"], "request served");
  EXPECT_EQ(j["service.name"], "authlens");
  EXPECT_EQ(j["http.route"], "/login");
  EXPECT_EQ(j["http.response.status_code"], 200);
  EXPECT_DOUBLE_EQ(j["duration_ms"].get<double>(), 12.5);
  EXPECT_EQ(j["cached"], false);
  EXPECT_EQ(j["bytes"].get<std::uint64_t>(), 18446744073709551615u);
  EXPECT_FALSE(j.contains("trace_id"));
  EXPECT_FALSE(j.contains("span_id"));
  EXPECT_FALSE(j.contains("trace_flags"));
}

TEST(Logger, DurationsAreMillisecondsToTheMicrosecond) {
  CaptureFile out;
  {
    Logger logger(options_for(out));
    logger.info("timed", {{"a", std::chrono::microseconds(1234567)},
                          {"b", std::chrono::milliseconds(5)},
                          {"c", std::chrono::nanoseconds(999)},
                          {"d", std::chrono::microseconds(-1500)},
                          {"e", std::chrono::microseconds(120)}});
  }
  const std::string line = out.lines().at(0);
  EXPECT_NE(line.find("\"a\":1234.567,"), std::string::npos) << line;
  EXPECT_NE(line.find("\"b\":5,"), std::string::npos) << line;
  EXPECT_NE(line.find("\"c\":0,"), std::string::npos) << line;
  EXPECT_NE(line.find("\"d\":-1.5,"), std::string::npos) << line;
  EXPECT_NE(line.find("\"e\":0.12}"), std::string::npos) << line;
  EXPECT_DOUBLE_EQ(json::parse(line)["a"].get<double>(), 1234.567);
}

TEST(Logger, LongLinesAreWrittenWhole) {
  CaptureFile out;
  const std::string message(10000, 'm');
  std::string value;
  for (int i = 0; i < 3000; ++i) value += "ab\"\n\xC3\xA9\xFF";
  {
    Logger logger(options_for(out));
    logger.info(message, {{"value", value}, {"runtime key " + std::string(300, 'k'), 1}});
    logger.info("short");
  }
  const auto lines = out.lines();
  ASSERT_EQ(lines.size(), 2u);
  const json j = json::parse(lines[0]);
  EXPECT_EQ(j["message"], message);
  std::string expected;
  for (int i = 0; i < 3000; ++i) expected += "ab\"\n\xC3\xA9\xEF\xBF\xBD";
  EXPECT_EQ(j["value"], expected);
  EXPECT_EQ(j["runtime key " + std::string(300, 'k')], 1);
  EXPECT_EQ(json::parse(lines[1])["message"], "short");
}

TEST(Logger, TimestampIsRfc3339UtcWithMillisecondsAndCurrent) {
  CaptureFile out;
  const std::time_t before = std::time(nullptr);
  {
    Logger logger(options_for(out));
    logger.warn("x");
  }
  const std::string ts = json::parse(out.lines().at(0))["timestamp"];
  ASSERT_TRUE(std::regex_match(ts, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"))) << ts;
  std::tm tm{};
  ASSERT_NE(strptime(ts.c_str(), "%Y-%m-%dT%H:%M:%S", &tm), nullptr);
  const std::time_t logged = timegm(&tm);
  EXPECT_GE(logged, before - 1);
  EXPECT_LE(logged, std::time(nullptr) + 1);
}

TEST(Logger, CarriesTraceIdsOfTheActiveSpanOnly) {
  CaptureFile out;
  const trace::SpanContext span = sample_span();
  {
    Logger logger(options_for(out));
    {
      trace::ContextScope scope(span);
      logger.info("inside");
    }
    logger.info("outside");
  }
  const auto lines = out.lines();
  ASSERT_EQ(lines.size(), 2u);
  const json inside = json::parse(lines[0]);
  EXPECT_EQ(inside["trace_id"], "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
  EXPECT_EQ(inside["span_id"], "1011121314151617");
  EXPECT_EQ(inside["trace_flags"], "01");
  EXPECT_FALSE(json::parse(lines[1]).contains("trace_id"));
}

TEST(Logger, UnsampledSpanStillCorrelatesWithFlagsZero) {
  CaptureFile out;
  trace::SpanContext span = sample_span();
  span.trace_flags = 0;
  {
    Logger logger(options_for(out));
    trace::ContextScope scope(span);
    logger.info("x");
  }
  EXPECT_EQ(json::parse(out.lines().at(0))["trace_flags"], "00");
}

TEST(Logger, EscapesHostileTextIntoValidJson) {
  CaptureFile out;
  const std::string nasty = "quote\" back\\ nl\n tab\t nul" + std::string(1, '\0') + " bad\xFF end";
  {
    Logger logger(options_for(out));
    logger.error(nasty, {{"user_agent.original", nasty}, {"k\"ey", "v"}});
  }
  const auto lines = out.lines();
  ASSERT_EQ(lines.size(), 1u);  // the newline in the message did not split the entry
  const json j = json::parse(lines[0]);
  const std::string expected =
      "quote\" back\\ nl\n tab\t nul" + std::string(1, '\0') + " bad\xEF\xBF\xBD end";
  EXPECT_EQ(j["message"], expected);
  EXPECT_EQ(j["user_agent.original"], expected);
  EXPECT_EQ(j["k\"ey"], "v");
}

TEST(Logger, RedactsFieldsNamedLikeSecrets) {
  CaptureFile out;
  {
    Logger logger(options_for(out));
    logger.info("attempt", {{"password", "hunter22"},
                            {"access_token", "abc"},
                            {"code", "123456"},
                            {"verification.code", 123456},
                            {"http.response.status_code", 401}});
  }
  const std::string all = out.contents();
  EXPECT_EQ(all.find("hunter22"), std::string::npos);
  EXPECT_EQ(all.find("123456"), std::string::npos);
  const json j = json::parse(out.lines().at(0));
  EXPECT_EQ(j["password"], "[REDACTED]");
  EXPECT_EQ(j["access_token"], "[REDACTED]");
  EXPECT_EQ(j["code"], "[REDACTED]");
  EXPECT_EQ(j["verification.code"], "[REDACTED]");
  EXPECT_EQ(j["http.response.status_code"], 401);
}

TEST(Logger, NonFiniteNumbersStayValidJson) {
  CaptureFile out;
  {
    Logger logger(options_for(out));
    logger.info("x", {{"ratio", std::numeric_limits<double>::quiet_NaN()}});
  }
  EXPECT_TRUE(json::parse(out.lines().at(0))["ratio"].is_null());
}

TEST(Logger, FiltersBelowTheConfiguredLevel) {
  CaptureFile out;
  Logger::Options o = options_for(out);
  o.level = Level::kWarn;
  {
    Logger logger(o);
    EXPECT_FALSE(logger.enabled(Level::kDebug));
    EXPECT_FALSE(logger.enabled(Level::kInfo));
    EXPECT_TRUE(logger.enabled(Level::kWarn));
    EXPECT_TRUE(logger.enabled(Level::kError));
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    logger.flush();
    EXPECT_EQ(logger.stats().lines_written, 2u);
  }
  const auto lines = out.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(json::parse(lines[0])["level"], "warn");
  EXPECT_EQ(json::parse(lines[1])["level"], "error");
}

TEST(Logger, DisabledWritesNothing) {
  CaptureFile out;
  Logger::Options o = options_for(out);
  o.enabled = false;
  {
    Logger logger(o);
    EXPECT_FALSE(logger.enabled(Level::kError));
    logger.error("nothing");
    logger.flush();
    EXPECT_EQ(logger.stats().lines_written, 0u);
  }
  EXPECT_EQ(out.contents(), "");
}

TEST(Logger, TextFormatIsOneReadableLine) {
  CaptureFile out;
  const trace::SpanContext span = sample_span();
  {
    Logger logger(options_for(out, Format::kText));
    trace::ContextScope scope(span);
    logger.info("request served", {{"http.route", "/login"},
                                   {"http.response.status_code", 200},
                                   {"note", "two words"},
                                   {"ok", true}});
  }
  const auto lines = out.lines();
  ASSERT_EQ(lines.size(), 1u);
  const std::regex shape(
      R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO  request served http\.route=/login )"
      R"(http\.response\.status_code=200 note="two words" ok=true )"
      R"(trace_id=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf span_id=1011121314151617)");
  EXPECT_TRUE(std::regex_match(lines[0], shape)) << lines[0];
}

TEST(Logger, PreservesOrderAndCountsAcrossThreads) {
  CaptureFile out;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  Logger::Stats stats;
  {
    Logger logger(options_for(out));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) logger.info("tick", {{"thread", t}, {"i", i}});
      });
    for (auto& th : threads) th.join();
    logger.flush();
    stats = logger.stats();
  }
  EXPECT_EQ(stats.lines_written, static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(stats.lines_dropped, 0u);
  EXPECT_GT(stats.cpu_seconds, 0.0);
  std::vector<int> next(kThreads, 0);
  for (const auto& line : out.lines()) {
    const json j = json::parse(line);
    const int t = j["thread"];
    EXPECT_EQ(j["i"], next[t]++);  // each thread's lines stay in its own order
  }
  for (int n : next) EXPECT_EQ(n, kPerThread);
}

// A pipe nobody reads stands in for a stuck stdout: logging must stay fast and count drops.
TEST(Logger, DropsAndCountsInsteadOfBlockingOnAStuckFd) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
  constexpr int kLines = 20000;
  Logger::Options o;
  o.fd = fds[1];
  o.buffer_bytes = 16 * 1024;
  o.flush_timeout = std::chrono::milliseconds(200);
  auto logger = std::make_unique<Logger>(o);

  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kLines; ++i) logger->info("filler line to fill the pipe", {{"i", i}});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(5));  // far below what blocking would take: forever
  EXPECT_GT(logger->stats().lines_dropped, 0u);

  // Now drain the pipe: the writer resumes and every line is accounted for exactly once.
  std::string received;
  std::atomic<bool> done{false};
  std::thread reader([&] {
    char buf[8192];
    while (!done.load()) {
      const ssize_t n = read(fds[0], buf, sizeof buf);
      if (n > 0)
        received.append(buf, n);
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) received.append(buf, n);
  });
  logger->flush();
  const Logger::Stats stats = logger->stats();
  logger.reset();
  done = true;
  reader.join();
  close(fds[0]);
  close(fds[1]);

  EXPECT_EQ(stats.lines_written + stats.lines_dropped, static_cast<std::uint64_t>(kLines));
  EXPECT_EQ(static_cast<std::uint64_t>(std::count(received.begin(), received.end(), '\n')),
            stats.lines_written);
}

}  // namespace
}  // namespace authlens::log
