#pragma once
// Password rules per NIST SP 800-63B-4 §3.1.1.2: length is the rule, not composition; a password
// is refused when it is common, guessable, made from the account's context, or breached.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace authlens::account {

struct PasswordRules {
  std::size_t min_chars = 15;  // code points after NFKC; the contract allows 8–64
  std::size_t max_chars = 1024;
};

enum class PasswordProblem {
  kNone,
  kMalformed,
  kTooShort,
  kTooLong,
  kGuessable,
  kContext,
  kBreached
};

// A sentence for the 400 weak_password detail. Never echoes the password, never a number that
// depends on settings (PasswordPolicy::explain adds those).
std::string_view describe(PasswordProblem problem) noexcept;

// The outbound check against a breach corpus; implementations live outside src/account
// (src/breach). Must be safe to call from several threads at once.
class BreachedPasswords {
 public:
  virtual ~BreachedPasswords() = default;
  // true: in the breach corpus; false: not in it; nullopt: could not tell (service down or slow),
  // in which case the offline checks alone decide.
  virtual std::optional<bool> contains(std::string_view normalized_password) const = 0;
};

// Immutable after construction; check() may run on several threads at once.
class PasswordPolicy {
 public:
  // Raw input past this many bytes is refused before normalising: NFKC may compose at most
  // ~10 bytes (a decomposed Hangul syllable, a Greek letter with three marks) into one code
  // point, so nothing longer can come out at or under 1024 code points.
  static constexpr std::size_t kMaxRawBytes = 16 * 1024;

  explicit PasswordPolicy(PasswordRules rules = {}, const BreachedPasswords* breached = nullptr);

  // The NFKC form of well-formed UTF-8, so that the same visible password always hashes the
  // same; nullopt when the bytes are not well-formed UTF-8 or longer than kMaxRawBytes.
  static std::optional<std::string> normalize(std::string_view raw);
  // Why normalize() refused `raw`: kTooLong past kMaxRawBytes, else kMalformed.
  static PasswordProblem normalize_problem(std::string_view raw) noexcept;

  // Checks an already-normalized password, in this order: well-formed without control
  // characters (kMalformed); length in code points (kTooShort, kTooLong); zxcvbn guessability
  // with the context words as its user dictionary (kGuessable, or kContext when zxcvbn's
  // cheapest parse uses a context word); made mostly of context words, i.e. half or more of its
  // code points, case-folded, inside occurrences of them (kContext; the words: "authlens", the
  // address, its local part and domain and their pieces, see password_context.hpp); and last
  // the breach corpus (kBreached), asked only when everything offline passed.
  // CPU-bound (0.3–2 M instructions typically, at most ~58 M) plus, with a breach corpus, one
  // HTTP lookup: call it on a worker thread, never an I/O thread.
  PasswordProblem check(std::string_view normalized, std::string_view email) const;

  // describe(problem), with the configured lengths where they matter.
  std::string explain(PasswordProblem problem) const;

  const PasswordRules& rules() const noexcept { return rules_; }

 private:
  PasswordRules rules_;
  const BreachedPasswords* breached_;
};

}  // namespace authlens::account
