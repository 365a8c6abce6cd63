#pragma once
// Tokens and one-time codes: random from libsodium's CSPRNG, stored only as digests.
#include <string>
#include <string_view>

#include "account/ports/records.hpp"

namespace authlens::account {

// 32 random bytes, base64url without padding (43 characters).
std::string new_access_token();
// BLAKE2b-256 of the token: tokens carry 256 bits of entropy, so an unkeyed hash suffices; it
// runs on every authenticated request, and BLAKE2b costs a quarter of libsodium's SHA-256
// (1,043 against 3,976 instructions for a 43-byte token, callgrind).
ports::Digest digest_token(std::string_view token) noexcept;

// 16 random bytes in lower-case hex: a public identifier (a session's id), never a secret.
std::string new_public_id();

// Six decimal digits, uniform.
std::string new_code();

// Keyed BLAKE2b of a normalised address: how codes and throttles name an address, so those
// tables hold no address and every replica (same server key) agrees.
ports::Digest digest_address(const ports::Digest& server_key, std::string_view address) noexcept;
// Keyed BLAKE2b over (address, purpose, code): six digits are easy to enumerate offline, so a
// leaked table must not reveal them without the server key.
ports::Digest digest_code(const ports::Digest& server_key, const ports::Digest& address,
                          ports::CodePurpose purpose, std::string_view code) noexcept;
// The first `bytes` bytes in lower-case hex: short, stable names for keys and log lines.
std::string hex_prefix(const ports::Digest& digest, std::size_t bytes);

bool digests_equal(const ports::Digest& a, const ports::Digest& b) noexcept;  // constant time

}  // namespace authlens::account
