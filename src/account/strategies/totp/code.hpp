#pragma once
// TOTP codes (RFC 6238 over RFC 4226 HOTP) as authenticator apps make them: HMAC-SHA-1, six digits,
// 30-second steps counted from the Unix epoch. The arithmetic is liboath's.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "account/strategies/totp/secret.hpp"

namespace authlens::account::totp {

inline constexpr int kDigits = 6;
inline constexpr std::int64_t kStepSeconds = 30;
// The current step and one either side: tolerates a phone clock ~30 s off and a code typed just
// as it rolled over, and no more (each extra step is another code an attacker may guess).
inline constexpr unsigned kWindowSteps = 1;

// The time step `unix_time` falls in: floor(unix_time / 30); nullopt before the epoch.
std::optional<std::int64_t> time_step(std::int64_t unix_time) noexcept;

// Checks `code` against the steps [step(now) - window, step(now) + window] and returns the step
// it matched, or nullopt when it matched none, is not exactly six ASCII digits, or the window
// would reach before step 0 (now < window × 30 s). The comparison is constant-time. Throws only
// what ensure_liboath() throws.
//
// Replay is the caller's job, and it must do it: a code stays valid for the whole window, so
// whoever watched it being typed may send it again. Each step is accepted at most once per account:
// keep the last accepted step with the credential, accept a match only when the returned step is
// strictly greater than it, and store the new step in the same transaction that acts on the
// login (compare-and-set under the account's lock, so two racing requests cannot both win).
// Rejecting equal AND older steps also stops a code of step n-1 after step n was used.
std::optional<std::int64_t> verify_code(const Secret& secret, std::string_view code,
                                        std::int64_t now, unsigned window = kWindowSteps);

// The six-digit code for the step `unix_time` falls in (tests, the BDD suite, a dev tool).
// Throws std::invalid_argument before the epoch.
std::string code_at(const Secret& secret, std::int64_t unix_time);

}  // namespace authlens::account::totp
