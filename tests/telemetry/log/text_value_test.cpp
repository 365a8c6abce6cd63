#include "telemetry/log/text_value.hpp"

#include <gtest/gtest.h>

#include <string>

namespace authlens::log {
namespace {

std::string text_value(std::string_view s) {
  std::string out;
  append_text_value(out, s);
  return out;
}

TEST(TextValue, BareTokensStayBare) {
  EXPECT_EQ(text_value("POST"), "POST");
  EXPECT_EQ(text_value("/login"), "/login");
}

TEST(TextValue, QuotesWhatWouldBreakKeyValueParsing) {
  EXPECT_EQ(text_value(""), "\"\"");
  EXPECT_EQ(text_value("two words"), "\"two words\"");
  EXPECT_EQ(text_value("a=b"), "\"a=b\"");
  EXPECT_EQ(text_value("x\"y"), "\"x\\\"y\"");
  EXPECT_EQ(text_value("l1\nl2"), "\"l1\\nl2\"");
  EXPECT_EQ(text_value("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
}

}  // namespace
}  // namespace authlens::log
