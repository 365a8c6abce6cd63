#include "account/strategies/recovery_code/recovery_code.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace authlens::account::recovery_code {
namespace {

static_assert(kAlphabet.size() == 32, "5 bits per character");

// The canonical character a typed one stands for, or 0 when it stands for none.
char canonical_char(char typed) noexcept {
  char c = typed;
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') return '0';
  if (c == 'I' || c == 'L') return '1';
  return kAlphabet.find(c) == std::string_view::npos ? 0 : c;
}

std::string_view trim_blanks(std::string_view text) noexcept {
  constexpr std::string_view kBlanks = " \t";
  const auto first = text.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kBlanks) - first + 1);
}

}  // namespace

RecoveryCode::RecoveryCode(RecoveryCode&& other) noexcept : chars_(other.chars_) {
  sodium_memzero(other.chars_.data(), other.chars_.size());
}

RecoveryCode& RecoveryCode::operator=(RecoveryCode&& other) noexcept {
  if (this != &other) {
    chars_ = other.chars_;
    sodium_memzero(other.chars_.data(), other.chars_.size());
  }
  return *this;
}

RecoveryCode::~RecoveryCode() { sodium_memzero(chars_.data(), chars_.size()); }

std::string RecoveryCode::display() const {
  std::string out;
  out.reserve(kLength + 1);
  for (std::size_t i = 0; i < kLength; ++i) {
    if (i == kLength / 2) out += '-';
    const char c = chars_[i];
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::vector<RecoveryCode> new_recovery_codes() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::vector<RecoveryCode> codes;
  codes.reserve(kCodesPerSet);
  while (codes.size() < kCodesPerSet) {
    RecoveryCode code;
    for (char& c : code.chars_) c = kAlphabet[randombytes_uniform(kAlphabet.size())];
    // Two equal codes (odds about 45 in 2^50) would be one code stored twice: a set of nine.
    const bool repeated = std::any_of(codes.begin(), codes.end(), [&](const RecoveryCode& seen) {
      return seen.canonical() == code.canonical();
    });
    if (!repeated) codes.push_back(std::move(code));
  }
  return codes;
}

std::optional<RecoveryCode> parse_recovery_code(std::string_view typed) {
  typed = trim_blanks(typed);
  constexpr std::size_t kHalf = kLength / 2;
  const bool separated =
      typed.size() == kLength + 1 && (typed[kHalf] == '-' || typed[kHalf] == ' ');
  if (typed.size() != kLength && !separated) return std::nullopt;
  RecoveryCode code;
  std::size_t next = 0;
  for (std::size_t i = 0; i < typed.size(); ++i) {
    if (separated && i == kHalf) continue;
    const char c = canonical_char(typed[i]);
    if (c == 0) return std::nullopt;
    code.chars_[next++] = c;
  }
  return code;
}

}  // namespace authlens::account::recovery_code
