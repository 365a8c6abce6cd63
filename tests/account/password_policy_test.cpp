#include "account/strategies/password/password_policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "account/strategies/password/password_context.hpp"
#include "account/strategies/password/password_guessability.hpp"

namespace authlens::account {
namespace {

constexpr std::string_view kEmail = "alice@example.com";

std::string random_password(std::size_t chars, unsigned seed) {
  static constexpr std::string_view kAlphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*+-=?@^_~";
  std::mt19937 gen(seed);
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string out;
  for (std::size_t i = 0; i < chars; ++i) out.push_back(kAlphabet[pick(gen)]);
  return out;
}

PasswordProblem check_raw(const PasswordPolicy& policy, std::string_view raw,
                          std::string_view email = kEmail) {
  const auto normalized = PasswordPolicy::normalize(raw);
  if (!normalized) return PasswordPolicy::normalize_problem(raw);
  return policy.check(*normalized, email);
}

// --- NFKC normalisation ----------------------------------------------------------------------

TEST(PasswordNormalize, AppliesCompatibilityComposition) {
  EXPECT_EQ(PasswordPolicy::normalize("\xEF\xBD\x90\xEF\xBD\x81\xEF\xBD\x93\xEF\xBD\x93"),
            "pass");                                                    // full-width letters
  EXPECT_EQ(PasswordPolicy::normalize("\xEF\xAC\x81le"), "file");       // U+FB01 ligature fi
  EXPECT_EQ(PasswordPolicy::normalize("cafe\xCC\x81"), "caf\xC3\xA9");  // e + combining acute
  EXPECT_EQ(PasswordPolicy::normalize("\xE2\x84\xAB"), "\xC3\x85");     // U+212B ANGSTROM SIGN
  EXPECT_EQ(PasswordPolicy::normalize("x\xC2\xB2"), "x2");              // superscript two
  EXPECT_EQ(PasswordPolicy::normalize(""), "");
}

TEST(PasswordNormalize, RefusesBytesThatAreNotWellFormedUtf8) {
  EXPECT_FALSE(PasswordPolicy::normalize("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(PasswordPolicy::normalize("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(PasswordPolicy::normalize("abc\xE2\x82"));   // truncated
  EXPECT_FALSE(PasswordPolicy::normalize("password\xFF"));
  EXPECT_FALSE(PasswordPolicy::normalize("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_EQ(PasswordPolicy::normalize_problem("password\xFF"), PasswordProblem::kMalformed);
}

TEST(PasswordNormalize, RefusesAbsurdSizesBeforeNormalising) {
  const std::string at_limit(PasswordPolicy::kMaxRawBytes, 'x');
  EXPECT_TRUE(PasswordPolicy::normalize(at_limit));
  const std::string over = at_limit + "x";
  EXPECT_FALSE(PasswordPolicy::normalize(over));
  EXPECT_EQ(PasswordPolicy::normalize_problem(over), PasswordProblem::kTooLong);
}

// --- Length in code points after NFKC --------------------------------------------------------

TEST(PasswordPolicy, LengthIsCountedInCodePointsAfterNfkc) {
  // Fifteen letters each written as base + U+0301: 30 code points raw, 15 after NFKC.
  std::string raw;
  for (char c : std::string_view("aeiouycnszgklrw")) raw += std::string(1, c) + "\xCC\x81";
  EXPECT_EQ(check_raw(PasswordPolicy(PasswordRules{.min_chars = 15}), raw), PasswordProblem::kNone);
  EXPECT_EQ(check_raw(PasswordPolicy(PasswordRules{.min_chars = 16}), raw),
            PasswordProblem::kTooShort);
}

TEST(PasswordPolicy, MinimumLengthIsInclusiveAndConfigurable) {
  const std::string sixteen = random_password(16, 1);
  for (std::size_t min : {8u, 15u, 16u, 64u}) {
    const PasswordPolicy policy(PasswordRules{.min_chars = min});
    EXPECT_EQ(policy.check(sixteen.substr(0, min - 1), kEmail), PasswordProblem::kTooShort) << min;
  }
  EXPECT_EQ(PasswordPolicy().check(sixteen.substr(0, 15), kEmail), PasswordProblem::kNone);
  EXPECT_EQ(PasswordPolicy().rules().min_chars, 15u);
}

TEST(PasswordPolicy, MaximumIs1024CodePoints) {
  const PasswordPolicy policy;
  const std::string longest = random_password(1024, 2);
  EXPECT_EQ(policy.check(longest, kEmail), PasswordProblem::kNone);
  EXPECT_EQ(policy.check(longest + "x", kEmail), PasswordProblem::kTooLong);
  // 1024 three-byte code points are 3072 bytes and still within the limit.
  std::string ideographs;
  for (char32_t cp = 0x4E00; cp < 0x4E00 + 1025; ++cp) {
    ideographs.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    ideographs.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    ideographs.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  EXPECT_EQ(policy.check(std::string_view(ideographs).substr(0, 3 * 1024), kEmail),
            PasswordProblem::kNone);
  EXPECT_EQ(policy.check(ideographs, kEmail), PasswordProblem::kTooLong);
}

TEST(PasswordPolicy, ControlCharactersAreMalformed) {
  const PasswordPolicy policy(PasswordRules{.min_chars = 8});
  const std::string strong = random_password(16, 3);
  EXPECT_EQ(policy.check(strong, kEmail), PasswordProblem::kNone);
  EXPECT_EQ(policy.check(strong + std::string(1, '\0'), kEmail), PasswordProblem::kMalformed);
  EXPECT_EQ(policy.check(strong + "\x01", kEmail), PasswordProblem::kMalformed);
  EXPECT_EQ(policy.check(strong + "\x7F", kEmail), PasswordProblem::kMalformed);
  EXPECT_EQ(policy.check(strong + "\xC2\x85", kEmail), PasswordProblem::kMalformed);  // U+0085
  EXPECT_EQ(policy.check(strong + "\xFF", kEmail), PasswordProblem::kMalformed);
  EXPECT_EQ(policy.check(strong + " \xC2\xA0\xE2\x80\x83", kEmail), PasswordProblem::kNone)
      << "spaces of every kind are allowed";
}

// --- Guessability (zxcvbn) -------------------------------------------------------------------

// What zxcvbn-c 2.5 (Debian 12) estimates, in bits = log2(guesses), with alice@example.com's
// context words as the user dictionary; the threshold is log2(10^8) = 26.58 (zxcvbn score 3).
TEST(PasswordGuessability, RecordsTheFiguresObserved) {
  const auto words = context_words(kEmail);
  struct Figure {
    std::string_view password;
    double bits;
  };
  for (const Figure& f : std::initializer_list<Figure>{
           {"password", 0.00},
           {"12345678", 1.58},
           {"passwordpassword", 1.00},
           {"aaaaaaaaaaaaaaaa", 6.00},
           {"123456789012345", 7.91},
           {"qwertyuiopasdfgh", 17.87},
           {"alice@example.com", 2.00},
           {"authlensauthlens1", 4.00},
           {"monkey dragon football", 27.73},  // just above: three top-100 words
           {"1qaz2wsx3edc4rfv", 32.38},        // a keyboard walk zxcvbn does not see; HIBP does
           {"purple monkey dishwasher", 40.55},
           {"correct horse battery staple", 70.33},
           {"h8Gd2kPq0ZsLm3Vx", 82.95},
       }) {
    EXPECT_NEAR(estimate_guessability(f.password, words).bits, f.bits, 0.01) << f.password;
  }
  EXPECT_NEAR(kGuessableBelowBits, 26.58, 0.01);
}

TEST(PasswordPolicy, RefusesCommonAndPatternedPasswordsAtEveryMinimum) {
  for (std::size_t min : {8u, 15u}) {
    const PasswordPolicy policy(PasswordRules{.min_chars = min});
    for (std::string_view weak :
         {"password", "12345678", "passwordpassword", "aaaaaaaaaaaaaaaa", "123456789012345",
          "qwertyuiopasdfgh", "alice@example.com", "alice@example.com2024", "ALICE@EXAMPLE.COM!!!",
          "authlensauthlens1", "P@ssw0rd12345678", "letmein123456789"}) {
      EXPECT_NE(check_raw(policy, weak), PasswordProblem::kNone) << weak << " at min " << min;
    }
  }
  const PasswordPolicy eight(PasswordRules{.min_chars = 8});
  EXPECT_EQ(eight.check("password", kEmail), PasswordProblem::kGuessable);
  EXPECT_EQ(eight.check("12345678", kEmail), PasswordProblem::kGuessable);
  EXPECT_EQ(eight.check("qwertyuiopasdfgh", kEmail), PasswordProblem::kGuessable);
  EXPECT_EQ(eight.check("P@ssw0rd12345678", kEmail), PasswordProblem::kGuessable);
}

TEST(PasswordPolicy, AcceptsStrongPassphrasesAndRandomStrings) {
  const PasswordPolicy policy;
  for (std::string_view strong :
       {"correct horse battery staple", "purple monkey dishwasher", "kR7#vLq2!mZp9xWd",
        "h8Gd2kPq0ZsLm3Vx", "my alice has a purple monkey dishwasher",
        "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAE\xE5\xA4\x8F\xE3\x81\xAF\xE6\x9A\x91\xE3\x81\x84"
        "\xE3\x81\x91\xE3\x81\xA9\xE5\xA4\x9C\xE3\x81\xAE\xE6\x95\xA3\xE6\xAD\xA9\xE3\x81\x8C"
        "\xE5\xA5\xBD\xE3\x81\x8D"}) {
    EXPECT_EQ(check_raw(policy, strong), PasswordProblem::kNone) << strong;
  }
  for (unsigned seed = 10; seed < 30; ++seed)
    EXPECT_EQ(policy.check(random_password(16, seed), kEmail), PasswordProblem::kNone) << seed;
}

// Only the first kGuessabilityPrefixBytes bytes are scored (zxcvbn is ~n^4 on repeats): a weak
// start is refused whatever follows, and a strong start is enough.
TEST(PasswordPolicy, ScoresOnlyABoundedPrefix) {
  const PasswordPolicy policy;
  const std::string weak_start = "passwordpasswordpasswordpassword";
  ASSERT_EQ(weak_start.size(), kGuessabilityPrefixBytes);
  EXPECT_EQ(policy.check(weak_start + random_password(60, 4), kEmail), PasswordProblem::kGuessable);
  EXPECT_EQ(policy.check(random_password(32, 5) + std::string(992, 'a'), kEmail),
            PasswordProblem::kNone);
  // The worst shape found for zxcvbn-c's cost, at full length: answers, and refuses.
  std::string worst;
  while (worst.size() < 1024) worst += "12";
  EXPECT_EQ(policy.check(worst, kEmail), PasswordProblem::kGuessable);
}

// --- Context words ---------------------------------------------------------------------------

TEST(PasswordContext, WordsAreTheServiceTheAddressAndItsParts) {
  const auto words = context_words("John.Smith1990+news@Mail.Example.org");
  for (std::string_view expected :
       {"authlens", "john.smith1990+news@mail.example.org", "john.smith1990+news", "john", "smith",
        "1990", "news", "mail.example.org", "mail", "example", "org"}) {
    EXPECT_NE(std::find(words.begin(), words.end(), expected), words.end()) << expected;
  }
  EXPECT_EQ(words.size(), 11u) << "each word once";
  const auto short_parts = context_words("bo@x.io");
  EXPECT_EQ(short_parts, (std::vector<std::string>{"authlens", "bo@x.io", "x.io"}))
      << "pieces under three characters are too common to be context";
}

TEST(PasswordContext, CoverageCountsCaseFoldedCodePointsOnce) {
  const std::vector<std::string> alice{"alice"};
  EXPECT_DOUBLE_EQ(context_coverage("aliceXYZ", alice), 5.0 / 8.0);
  EXPECT_DOUBLE_EQ(context_coverage("ALICEalice", alice), 1.0);
  EXPECT_DOUBLE_EQ(context_coverage("aaliceX", std::vector<std::string>{"alice", "aal"}),
                   6.0 / 7.0);
  EXPECT_DOUBLE_EQ(context_coverage("\xC3\x84LICE!", std::vector<std::string>{"\xC3\xA4lice"}),
                   5.0 / 6.0);  // ÄLICE! against älice: code points, not bytes
  EXPECT_DOUBLE_EQ(context_coverage("something else", alice), 0.0);
}

TEST(PasswordPolicy, RefusesPasswordsMadeMostlyOfContextWords) {
  const PasswordPolicy policy(PasswordRules{.min_chars = 8});
  // zxcvbn rates these strong (50.8 and 97.0 bits): the random tail carries them. They are
  // still made from the service's name or the address: half or more of their characters.
  EXPECT_EQ(policy.check("authlens#Q7v!pZ2", kEmail), PasswordProblem::kContext);
  EXPECT_EQ(policy.check("alice@example.comQ7v!pZ2kLm9#xW4", kEmail), PasswordProblem::kContext);
  // zxcvbn's cheapest parse uses a context word: also a context refusal.
  EXPECT_EQ(policy.check("authlensauthlens1", kEmail), PasswordProblem::kContext);
  EXPECT_EQ(policy.check("alice@example.com", kEmail), PasswordProblem::kContext);
  EXPECT_EQ(policy.check("smith1990smith1990!", "j.smith1990@example.org"),
            PasswordProblem::kContext);
  EXPECT_EQ(policy.check("Example-Example-Example", "bob@example.net"), PasswordProblem::kContext);
  // zxcvbn matches the context words in leetspeak and reversed too.
  EXPECT_EQ(policy.check("4uthl3ns4uthl3ns", kEmail), PasswordProblem::kContext);
  EXPECT_EQ(policy.check("snelhtua12345678", kEmail), PasswordProblem::kContext);
  EXPECT_EQ(policy.check("ecila@moc.elpmaxe", kEmail), PasswordProblem::kContext);
  // The same passwords for someone else are judged on their own.
  EXPECT_EQ(policy.check("alice@example.comQ7v!pZ2kLm9#xW4", "bob@elsewhere.net"),
            PasswordProblem::kNone);
  EXPECT_EQ(policy.check("my alice has a purple monkey dishwasher", kEmail),
            PasswordProblem::kNone);
}

// --- Breach corpus ---------------------------------------------------------------------------

class FakeBreached final : public BreachedPasswords {
 public:
  explicit FakeBreached(std::optional<bool> answer) : answer_(answer) {}
  std::optional<bool> contains(std::string_view password) const override {
    std::lock_guard lock(mu_);
    asked_.emplace_back(password);
    return answer_;
  }
  std::vector<std::string> asked() const {
    std::lock_guard lock(mu_);
    return asked_;
  }

 private:
  std::optional<bool> answer_;
  mutable std::mutex mu_;
  mutable std::vector<std::string> asked_;
};

TEST(PasswordPolicy, RefusesBreachedPasswordsAndFallsBackWhenTheCorpusCannotTell) {
  const std::string strong = "correct horse battery staple";
  const FakeBreached breached(true), clean(false), down(std::nullopt);
  EXPECT_EQ(PasswordPolicy({}, &breached).check(strong, kEmail), PasswordProblem::kBreached);
  EXPECT_EQ(PasswordPolicy({}, &clean).check(strong, kEmail), PasswordProblem::kNone);
  EXPECT_EQ(PasswordPolicy({}, &down).check(strong, kEmail), PasswordProblem::kNone);
  EXPECT_EQ(breached.asked(), std::vector<std::string>{strong});
}

TEST(PasswordPolicy, AsksTheCorpusOnlyAboutNormalizedPasswordsThatPassedOffline) {
  const FakeBreached breached(true);
  const PasswordPolicy policy({}, &breached);
  EXPECT_EQ(check_raw(policy, "password"), PasswordProblem::kTooShort);
  EXPECT_EQ(check_raw(policy, "passwordpassword"), PasswordProblem::kGuessable);
  EXPECT_EQ(check_raw(policy, "authlens#Q7v!pZ2"), PasswordProblem::kContext);
  EXPECT_TRUE(breached.asked().empty());
  EXPECT_EQ(check_raw(policy, "\xEF\xAC\x81le horse battery staple"), PasswordProblem::kBreached);
  EXPECT_EQ(breached.asked(), std::vector<std::string>{"file horse battery staple"});
}

// --- Threads ---------------------------------------------------------------------------------

// zxcvbn-c and libunistring keep no mutable global state; under ASan+UBSan, eight threads
// checking at once must agree with one thread, every time.
TEST(PasswordPolicy, ChecksConcurrentlyWithTheSameResults) {
  const PasswordPolicy policy(PasswordRules{.min_chars = 8});
  std::vector<std::string> passwords{"password",
                                     "passwordpassword",
                                     "qwertyuiopasdfgh",
                                     "correct horse battery staple",
                                     "authlens#Q7v!pZ2",
                                     "alice@example.com2024",
                                     "cafe\xCC\x81 cre\xCC\x80me bru\xCC\x82le\xCC\x81"
                                     "e"};
  for (unsigned seed = 40; seed < 45; ++seed) passwords.push_back(random_password(24, seed));
  std::vector<std::string> normalized;
  std::vector<PasswordProblem> expected;
  for (const auto& p : passwords) {
    normalized.push_back(*PasswordPolicy::normalize(p));
    expected.push_back(policy.check(normalized.back(), kEmail));
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < passwords.size(); ++i) {
          const std::size_t k = (i + static_cast<std::size_t>(t)) % passwords.size();
          if (PasswordPolicy::normalize(passwords[k]) != normalized[k] ||
              policy.check(normalized[k], kEmail) != expected[k])
            ++mismatches;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// --- Messages --------------------------------------------------------------------------------

TEST(PasswordPolicy, DescribesEveryProblemDistinctlyWithTheConfiguredLengths) {
  const std::vector<PasswordProblem> all{PasswordProblem::kNone,      PasswordProblem::kMalformed,
                                         PasswordProblem::kTooShort,  PasswordProblem::kTooLong,
                                         PasswordProblem::kGuessable, PasswordProblem::kContext,
                                         PasswordProblem::kBreached};
  for (std::size_t i = 0; i < all.size(); ++i)
    for (std::size_t j = i + 1; j < all.size(); ++j) EXPECT_NE(describe(all[i]), describe(all[j]));
  const PasswordPolicy policy(PasswordRules{.min_chars = 12});
  EXPECT_NE(policy.explain(PasswordProblem::kTooShort).find("at least 12 characters"),
            std::string::npos);
  EXPECT_NE(policy.explain(PasswordProblem::kTooLong).find("at most 1024 characters"),
            std::string::npos);
  EXPECT_EQ(policy.explain(PasswordProblem::kBreached), describe(PasswordProblem::kBreached));
}

}  // namespace
}  // namespace authlens::account
