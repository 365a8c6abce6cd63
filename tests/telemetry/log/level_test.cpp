#include "telemetry/log/level.hpp"

#include <gtest/gtest.h>

namespace authlens::log {
namespace {

TEST(ParseLevel, AcceptsConfiguredSpellings) {
  EXPECT_EQ(parse_level("debug"), Level::kDebug);
  EXPECT_EQ(parse_level("info"), Level::kInfo);
  EXPECT_EQ(parse_level("WARN"), Level::kWarn);
  EXPECT_EQ(parse_level("warning"), Level::kWarn);
  EXPECT_EQ(parse_level("Error"), Level::kError);
}

TEST(ParseLevel, RejectsAnythingElse) {
  EXPECT_EQ(parse_level(""), std::nullopt);
  EXPECT_EQ(parse_level("trace"), std::nullopt);
  EXPECT_EQ(parse_level("info "), std::nullopt);
}

TEST(ParseFormat, AcceptsJsonAndText) {
  EXPECT_EQ(parse_format("json"), Format::kJson);
  EXPECT_EQ(parse_format("TEXT"), Format::kText);
  EXPECT_EQ(parse_format("logfmt"), std::nullopt);
  EXPECT_EQ(parse_format(""), std::nullopt);
}

TEST(LevelNames, JsonAndTextSpellings) {
  EXPECT_EQ(level_name(Level::kWarn), "warn");
  EXPECT_EQ(level_label(Level::kInfo), "INFO ");
  EXPECT_EQ(level_label(Level::kError), "ERROR");
}

}  // namespace
}  // namespace authlens::log
