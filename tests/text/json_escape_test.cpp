#include "text/json_escape.hpp"

#include <gtest/gtest.h>

#include <string>

namespace authlens::text {
namespace {

std::string json(std::string_view s) {
  std::string out;
  append_json_escaped(out, s);
  return out;
}

TEST(JsonEscape, QuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json("say \"hi\""), "say \\\"hi\\\"");
  EXPECT_EQ(json("a\\b"), "a\\\\b");
  EXPECT_EQ(json("l1\nl2\r\t"), "l1\\nl2\\r\\t");
  EXPECT_EQ(json("\b\f"), "\\b\\f");
  EXPECT_EQ(json(std::string_view("\x01\x1f\x7f", 3)), "\\u0001\\u001f\\u007f");
  EXPECT_EQ(json(std::string_view("a\0b", 3)), "a\\u0000b");
}

TEST(JsonEscape, PlainTextIsCopiedAsItIs) {
  EXPECT_EQ(json(""), "");
  EXPECT_EQ(json("GET /me?x=1&y=2"), "GET /me?x=1&y=2");
  const std::string long_text(1000, 'a');
  EXPECT_EQ(json(long_text), long_text);
}

TEST(JsonEscape, KeepsValidUtf8) {
  EXPECT_EQ(json("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91");
}

TEST(JsonEscape, ReplacesInvalidUtf8) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(json("a\xFF"
                 "b"),
            "a" + r + "b");
  EXPECT_EQ(json("\xC3"), r);                          // truncated sequence
  EXPECT_EQ(json("\xC0\xAF"), r + r);                  // overlong '/'
  EXPECT_EQ(json("\xED\xA0\x80"), r + r + r);          // surrogate
  EXPECT_EQ(json("\xF4\x90\x80\x80"), r + r + r + r);  // above U+10FFFF
  EXPECT_EQ(json("\xE2\x82"
                 "x"),
            r + r + "x");
  EXPECT_EQ(json("ok\"\xFF\n"), "ok\\\"" + r + "\\n");
}

TEST(JsonEscape, KeepingQuotesStillEscapesTheRest) {
  std::string out;
  append_json_escaped(out, "a\"b\\c\n", Quotes::kKeep);
  EXPECT_EQ(out, "a\"b\\\\c\\n");
}

TEST(JsonString, AddsTheQuotes) {
  std::string out = "x=";
  append_json_string(out, "say \"hi\"");
  EXPECT_EQ(out, "x=\"say \\\"hi\\\"\"");
}

}  // namespace
}  // namespace authlens::text
