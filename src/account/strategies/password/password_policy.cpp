#include "account/strategies/password/password_policy.hpp"

#include <uninorm.h>
#include <unistr.h>

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "account/strategies/password/password_context.hpp"
#include "account/strategies/password/password_guessability.hpp"

namespace authlens::account {
namespace {

// A password made at least this much of context words is refused whatever zxcvbn says: it is
// "made from the address or the service's name" even when the rest is random.
constexpr double kMaxContextShare = 0.5;

const uint8_t* bytes(std::string_view text) noexcept {
  return reinterpret_cast<const uint8_t*>(text.data());
}

bool well_formed(std::string_view text) noexcept {
  return u8_check(bytes(text), text.size()) == nullptr;
}

// C0, DEL and C1 controls cannot be typed into a password field and NUL would cut the password
// short for C interfaces; everything else, space and all of Unicode, is welcome (800-63B-4).
bool has_control_character(std::string_view well_formed_text) noexcept {
  const uint8_t* s = bytes(well_formed_text);
  const uint8_t* end = s + well_formed_text.size();
  while (s < end) {
    ucs4_t c = 0;
    s += u8_mbtouc_unsafe(&c, s, static_cast<std::size_t>(end - s));
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return true;
  }
  return false;
}

}  // namespace

std::string_view describe(PasswordProblem problem) noexcept {
  switch (problem) {
    case PasswordProblem::kNone:
      return "The password meets the rules.";
    case PasswordProblem::kMalformed:
      return "The password must be UTF-8 text without control characters.";
    case PasswordProblem::kTooShort:
      return "The password is too short; a passphrase of a few unrelated words is long enough "
             "and easy to remember.";
    case PasswordProblem::kTooLong:
      return "The password is longer than the maximum length.";
    case PasswordProblem::kGuessable:
      return "The password is too easy to guess; avoid common passwords and words, repeats, "
             "sequences, dates and keyboard patterns.";
    case PasswordProblem::kContext:
      return "The password must not be made from the email address or the service's name.";
    case PasswordProblem::kBreached:
      return "The password appears in data breaches, so attackers try it first; choose a "
             "different one.";
  }
  return "The password does not meet the rules.";
}

PasswordPolicy::PasswordPolicy(PasswordRules rules, const BreachedPasswords* breached)
    : rules_(rules), breached_(breached) {}

std::optional<std::string> PasswordPolicy::normalize(std::string_view raw) {
  if (raw.size() > kMaxRawBytes || !well_formed(raw)) return std::nullopt;
  if (raw.empty()) return std::string();
  std::size_t length = 0;
  uint8_t* nfkc = u8_normalize(UNINORM_NFKC, bytes(raw), raw.size(), nullptr, &length);
  if (nfkc == nullptr) throw std::bad_alloc();  // the only failure for well-formed input
  std::string out(reinterpret_cast<const char*>(nfkc), length);
  std::free(nfkc);
  return out;
}

PasswordProblem PasswordPolicy::normalize_problem(std::string_view raw) noexcept {
  return raw.size() > kMaxRawBytes ? PasswordProblem::kTooLong : PasswordProblem::kMalformed;
}

PasswordProblem PasswordPolicy::check(std::string_view normalized, std::string_view email) const {
  // Cheap bound first: a UTF-8 code point is at most 4 bytes.
  if (normalized.size() > 4 * rules_.max_chars) return PasswordProblem::kTooLong;
  if (!well_formed(normalized) || has_control_character(normalized))
    return PasswordProblem::kMalformed;
  const std::size_t chars = u8_mbsnlen(bytes(normalized), normalized.size());
  if (chars < rules_.min_chars) return PasswordProblem::kTooShort;
  if (chars > rules_.max_chars) return PasswordProblem::kTooLong;

  const std::vector<std::string> words = context_words(email);
  if (const auto guesses = estimate_guessability(normalized, words); guesses.guessable())
    return guesses.uses_context ? PasswordProblem::kContext : PasswordProblem::kGuessable;
  if (context_coverage(normalized, words) >= kMaxContextShare) return PasswordProblem::kContext;

  // Last, so a password refused offline never leaves the process, not even as a hash prefix.
  if (breached_ != nullptr && breached_->contains(normalized).value_or(false))
    return PasswordProblem::kBreached;
  return PasswordProblem::kNone;
}

std::string PasswordPolicy::explain(PasswordProblem problem) const {
  switch (problem) {
    case PasswordProblem::kTooShort:
      return "The password is too short: use at least " + std::to_string(rules_.min_chars) +
             " characters; a passphrase of a few unrelated words is long enough and easy to "
             "remember.";
    case PasswordProblem::kTooLong:
      return "The password is too long: use at most " + std::to_string(rules_.max_chars) +
             " characters.";
    default:
      return std::string(describe(problem));
  }
}

}  // namespace authlens::account
