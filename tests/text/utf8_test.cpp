#include "text/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace authlens::text {
namespace {

std::string sanitized(std::string_view s) {
  std::string out;
  append_utf8_sanitized(out, s);
  return out;
}

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii, longer than one eight-byte word"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91"));
  EXPECT_TRUE(is_valid_utf8("12345678\xC3\xA9"));  // after a whole ASCII word
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(Utf8, RefusesWhatRfc3629Forbids) {
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("abcdefgh\xC3"));      // truncated at the end
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation
}

TEST(Utf8, SequenceLengths) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length("\xC3\xA9", 0), 2u);
  EXPECT_EQ(utf8_sequence_length("\xE2\x82\xAC", 0), 3u);
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x94\x91", 0), 4u);
  EXPECT_EQ(utf8_sequence_length("\xE2\x82", 0), 0u);
}

TEST(Utf8, SanitizingReplacesEachBadByte) {
  const std::string r(kReplacementCharacter);
  EXPECT_EQ(sanitized("valid \xC3\xA9"), "valid \xC3\xA9");
  EXPECT_EQ(sanitized("a\xFF"
                      "b"),
            "a" + r + "b");
  EXPECT_EQ(sanitized("\xED\xA0\x80"), r + r + r);
  EXPECT_TRUE(is_valid_utf8(sanitized("\xC0\xAF\xF4\x90\x80\x80 \xE2\x82")));
}

}  // namespace
}  // namespace authlens::text
