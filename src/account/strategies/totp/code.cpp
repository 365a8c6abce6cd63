#include "account/strategies/totp/code.hpp"

#include <oath.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <stdexcept>

#include "account/strategies/totp/liboath.hpp"

namespace authlens::account::totp {
namespace {

static_assert(sizeof(std::time_t) == 8,
              "times past 2038 (RFC 6238's vectors) need a 64-bit time_t");

// A six-digit candidate, NUL-terminated as liboath's callback hands its own codes over.
using CodeText = std::array<char, kDigits + 1>;

bool six_ascii_digits(std::string_view code) noexcept {
  // Explicit '0'..'9', not std::isdigit: that one follows the locale.
  return code.size() == static_cast<std::size_t>(kDigits) &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// liboath's own validate4 compares with strcmp, which stops at the first differing digit; this
// comparator takes the same time wherever the candidates differ.
int compare_in_constant_time(void* typed, const char* candidate) {
  return sodium_memcmp(static_cast<const CodeText*>(typed)->data(), candidate, kDigits) == 0 ? 0
                                                                                             : 1;
}

const char* secret_chars(const Secret& secret) {
  return reinterpret_cast<const char*>(secret.bytes().data());
}

}  // namespace

std::optional<std::int64_t> time_step(std::int64_t unix_time) noexcept {
  if (unix_time < 0) return std::nullopt;
  return unix_time / kStepSeconds;
}

std::optional<std::int64_t> verify_code(const Secret& secret, std::string_view code,
                                        std::int64_t now, unsigned window) {
  if (!six_ascii_digits(code)) return std::nullopt;
  // liboath counts steps in uint64_t: a window reaching before step 0 would wrap to 2^64 - 1.
  const auto step = time_step(now);
  if (!step || *step < static_cast<std::int64_t>(window)) return std::nullopt;
  ensure_liboath();
  CodeText typed{};
  std::copy(code.begin(), code.end(), typed.begin());
  std::uint64_t matched = 0;
  // The _callback form of oath_totp_validate4: same search (step, step+1, step-1, … out to the
  // window), same matched counter, our comparator. Should two steps of the window share a code
  // (about one pair in 10^6), the first in that order is the one returned.
  const int result = oath_totp_validate4_callback(
      secret_chars(secret), Secret::kSize, static_cast<std::time_t>(now),
      static_cast<unsigned>(kStepSeconds), OATH_TOTP_DEFAULT_START_TIME, kDigits, window,
      /*otp_pos=*/nullptr, &matched, /*flags=*/0 /* HMAC-SHA-1 */, compare_in_constant_time,
      &typed);
  sodium_memzero(typed.data(), typed.size());
  if (result < 0) return std::nullopt;  // OATH_INVALID_OTP, or no code could be computed
  return static_cast<std::int64_t>(matched);
}

std::string code_at(const Secret& secret, std::int64_t unix_time) {
  if (unix_time < 0) throw std::invalid_argument("TOTP: a time before the Unix epoch");
  ensure_liboath();
  CodeText out{};
  const int result = oath_totp_generate(
      secret_chars(secret), Secret::kSize, static_cast<std::time_t>(unix_time),
      static_cast<unsigned>(kStepSeconds), OATH_TOTP_DEFAULT_START_TIME, kDigits, out.data());
  if (result != OATH_OK)
    throw std::runtime_error(std::string("liboath: ") + oath_strerror_name(result));
  return std::string(out.data(), kDigits);
}

}  // namespace authlens::account::totp
