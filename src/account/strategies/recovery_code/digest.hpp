#pragma once
// How recovery codes are kept: only as keyed hashes bound to their account, so a copied table
// (or backup) shows no code, and a row moved to another account matches nothing.
#include <array>
#include <cstdint>

#include "account/strategies/recovery_code/recovery_code.hpp"

namespace authlens::account::recovery_code {

using ServerKey = std::array<std::uint8_t, 32>;
using CodeDigest = std::array<std::uint8_t, 32>;

// Keyed BLAKE2b-256 over (a tag, the account id as 8 big-endian bytes, the canonical code). Keyed,
// because 50 bits could be searched offline from an unkeyed hash given time; every part is of
// fixed width, so no two (account, code) pairs share an input.
CodeDigest digest_code(const ServerKey& key, std::int64_t account_id,
                       const RecoveryCode& code) noexcept;

// Constant-time equality, so a comparison's duration says nothing of how much of a digest matched.
bool digests_equal(const CodeDigest& a, const CodeDigest& b) noexcept;

}  // namespace authlens::account::recovery_code
