// Recovery codes: what is shown once, and every way a person may type one back.
#include "account/strategies/recovery_code/recovery_code.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

namespace authlens::account::recovery_code {
namespace {

TEST(RecoveryCodes, ASetIsTenDistinctCodesShownAsFiveDashFiveInLowerCase) {
  const auto codes = new_recovery_codes();
  ASSERT_EQ(codes.size(), 10u);
  std::set<std::string> seen;
  const std::regex shown("[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}");
  for (const auto& code : codes) {
    EXPECT_TRUE(std::regex_match(code.display(), shown)) << code.display();
    EXPECT_EQ(code.canonical().size(), 10u);
    EXPECT_TRUE(seen.insert(std::string(code.canonical())).second);
  }
}

TEST(RecoveryCodes, UseEveryLetterOfTheAlphabetAndNoOther) {
  EXPECT_EQ(kAlphabet.size(), 32u);
  for (const char ambiguous : {'I', 'L', 'O', 'U'})
    EXPECT_EQ(kAlphabet.find(ambiguous), std::string_view::npos) << ambiguous;
  std::map<char, int> counts;
  constexpr int kSets = 1000;  // 100,000 characters: 3,125 of each on average
  for (int i = 0; i < kSets; ++i)
    for (const auto& code : new_recovery_codes())
      for (const char c : code.canonical()) ++counts[c];
  ASSERT_EQ(counts.size(), 32u);
  for (const auto& [c, n] : counts) {
    EXPECT_NE(kAlphabet.find(c), std::string_view::npos) << c;
    // ±20% is more than ten standard deviations (56): only a skewed draw fails this.
    EXPECT_GT(n, 2500) << c;
    EXPECT_LT(n, 3750) << c;
  }
}

TEST(RecoveryCodes, WhatWasShownParsesBackToTheSameCode) {
  for (const auto& code : new_recovery_codes()) {
    const auto parsed = parse_recovery_code(code.display());
    ASSERT_TRUE(parsed) << code.display();
    EXPECT_EQ(parsed->canonical(), code.canonical());
  }
}

TEST(RecoveryCodes, AcceptWhatPeopleType) {
  const std::string canonical = "0123456789";
  for (const char* typed :
       {"01234-56789", "0123456789", "01234 56789", "  01234-56789\t", "o1234-56789", "O1234-56789",
        "0i234-56789", "0l234-56789", "0I234-56789", "0L234-56789"}) {
    const auto parsed = parse_recovery_code(typed);
    ASSERT_TRUE(parsed) << "'" << typed << "'";
    EXPECT_EQ(parsed->canonical(), canonical) << "'" << typed << "'";
  }
  for (const char* typed : {"abcde-fghjk", "ABCDE-FGHJK", "aBcDeFgHjK"}) {
    const auto parsed = parse_recovery_code(typed);
    ASSERT_TRUE(parsed) << typed;
    EXPECT_EQ(parsed->canonical(), "ABCDEFGHJK");
    EXPECT_EQ(parsed->display(), "abcde-fghjk");
  }
}

TEST(RecoveryCodes, RefuseAnythingElse) {
  const std::string refused[] = {
      "",
      "     ",
      "01234-5678",    // short
      "01234-567890",  // long
      "0123456789a",   // eleven without a separator
      "0123-456789",   // separator in the wrong place
      "01234--56789",
      "01234_56789",
      "01234-5678u",  // U is in no reading of the alphabet
      "01234-5678!",
      "01234\t56789",  // blanks only around, a single space or dash inside
      "01234 - 56789",
      "01234-5678\xc3\xa9",
      std::string("01234-5678\0", 11),
  };
  for (const auto& typed : refused)
    EXPECT_EQ(parse_recovery_code(typed), std::nullopt) << "'" << typed << "'";
}

TEST(RecoveryCodes, AMovedFromCodeIsBlank) {
  auto codes = new_recovery_codes();
  const std::string canonical(codes[0].canonical());
  RecoveryCode moved = std::move(codes[0]);
  EXPECT_EQ(moved.canonical(), canonical);
  EXPECT_EQ(codes[0].canonical(), std::string(10, '\0'));  // NOLINT: reading it is the point
}

}  // namespace
}  // namespace authlens::account::recovery_code
