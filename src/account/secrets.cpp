#include "account/secrets.hpp"

#include <sodium.h>

#include <cstdio>

namespace authlens::account {

std::string new_access_token() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
  return out;
}

store::Digest digest_token(std::string_view token) noexcept {
  store::Digest digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  return digest;
}

std::string new_code() {
  char out[8];
  std::snprintf(out, sizeof out, "%06u", static_cast<unsigned>(randombytes_uniform(1000000)));
  return out;
}

store::Digest digest_code(const store::Digest& server_key, std::int64_t account_id,
                          store::CodePurpose purpose, std::string_view code) noexcept {
  crypto_generichash_state state;
  crypto_generichash_init(&state, server_key.data(), server_key.size(), 32);
  const unsigned char prefix[9] = {
      static_cast<unsigned char>(purpose == store::CodePurpose::kVerify ? 'v' : 'r'),
      static_cast<unsigned char>(account_id >> 56),
      static_cast<unsigned char>(account_id >> 48),
      static_cast<unsigned char>(account_id >> 40),
      static_cast<unsigned char>(account_id >> 32),
      static_cast<unsigned char>(account_id >> 24),
      static_cast<unsigned char>(account_id >> 16),
      static_cast<unsigned char>(account_id >> 8),
      static_cast<unsigned char>(account_id)};
  crypto_generichash_update(&state, prefix, sizeof prefix);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(code.data()),
                            code.size());
  store::Digest digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  return digest;
}

bool digests_equal(const store::Digest& a, const store::Digest& b) noexcept {
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace authlens::account
