#pragma once
// Interim password policy (length only, no NFKC): the NIST SP 800-63B-4 policy replaces this file.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace authlens::account {

struct PasswordRules {
  std::size_t min_chars = 15;
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

std::string_view describe(PasswordProblem problem) noexcept;

class BreachedPasswords {
 public:
  virtual ~BreachedPasswords() = default;
  virtual std::optional<bool> contains(std::string_view normalized_password) const = 0;
};

class PasswordPolicy {
 public:
  explicit PasswordPolicy(PasswordRules rules = {}, const BreachedPasswords* breached = nullptr);
  static std::optional<std::string> normalize(std::string_view raw);
  PasswordProblem check(std::string_view normalized, std::string_view email) const;
  const PasswordRules& rules() const noexcept { return rules_; }

 private:
  PasswordRules rules_;
  const BreachedPasswords* breached_;
};

long utf8_length(std::string_view text) noexcept;

}  // namespace authlens::account
