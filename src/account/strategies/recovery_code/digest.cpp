#include "account/strategies/recovery_code/digest.hpp"

#include <sodium.h>

#include <string_view>

namespace authlens::account::recovery_code {
namespace {

// The server key also keys other digests (account/secrets.cpp: a one-byte tag, then a 4-byte
// length whose first byte is 0); this tag's second byte is not 0, so no input here is one there.
constexpr std::string_view kTag = "recovery-code/v1";

}  // namespace

CodeDigest digest_code(const ServerKey& key, std::int64_t account_id,
                       const RecoveryCode& code) noexcept {
  unsigned char id[8];
  const auto bits = static_cast<std::uint64_t>(account_id);
  for (int i = 0; i < 8; ++i) id[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), crypto_generichash_BYTES);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kTag.data()),
                            kTag.size());
  crypto_generichash_update(&state, id, sizeof id);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(code.canonical().data()),
                            code.canonical().size());
  CodeDigest digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  sodium_memzero(&state, sizeof state);  // it holds the key's block
  return digest;
}

bool digests_equal(const CodeDigest& a, const CodeDigest& b) noexcept {
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace authlens::account::recovery_code
