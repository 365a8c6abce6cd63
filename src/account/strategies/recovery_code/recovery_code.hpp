#pragma once
// Recovery codes: single-use second factors for when the authenticator is lost, printed or saved
// by the user, typed back by hand.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authlens::account::recovery_code {

// Crockford's base32: digits and upper-case letters without I, L, O and U, so nothing typed from
// paper is ambiguous (I, L look like 1; O like 0) and no code spells a word by accident (U).
inline constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t kLength = 10;  // 10 × 5 bits = 50 bits
inline constexpr std::size_t kCodesPerSet = 10;

// One code in canonical form: kLength characters of kAlphabet. Move-only and zeroed when it dies,
// like every secret here.
class RecoveryCode {
 public:
  RecoveryCode(RecoveryCode&& other) noexcept;
  RecoveryCode& operator=(RecoveryCode&& other) noexcept;
  RecoveryCode(const RecoveryCode&) = delete;
  RecoveryCode& operator=(const RecoveryCode&) = delete;
  ~RecoveryCode();

  // What is hashed and compared: upper case, no separator.
  std::string_view canonical() const noexcept { return {chars_.data(), chars_.size()}; }
  // What the user is shown, once: "xxxxx-xxxxx" in lower case, easier to read and copy.
  std::string display() const;

 private:
  friend std::vector<RecoveryCode> new_recovery_codes();
  friend std::optional<RecoveryCode> parse_recovery_code(std::string_view typed);
  RecoveryCode() = default;
  std::array<char, kLength> chars_{};
};

// kCodesPerSet distinct codes, each character uniform over kAlphabet from libsodium's CSPRNG.
std::vector<RecoveryCode> new_recovery_codes();

// What a person types, made canonical: any case; "xxxxx-xxxxx", "xxxxx xxxxx" or "xxxxxxxxxx";
// spaces and tabs around; Crockford's readings O→0 and I, L→1. nullopt for anything else
// (a U, a wrong length, a separator elsewhere), without saying which.
std::optional<RecoveryCode> parse_recovery_code(std::string_view typed);

}  // namespace authlens::account::recovery_code
