#include "account/secrets.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <initializer_list>

namespace authlens::account {

std::string new_access_token() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
  return out;
}

ports::Digest digest_token(std::string_view token) noexcept {
  ports::Digest digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return digest;
}

std::string new_public_id() {
  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  char out[sizeof raw * 2 + 1];
  sodium_bin2hex(out, sizeof out, raw, sizeof raw);
  return out;
}

std::string new_code() {
  char out[8];
  std::snprintf(out, sizeof out, "%06u", static_cast<unsigned>(randombytes_uniform(1000000)));
  return out;
}

namespace {

// BLAKE2b keyed with the server key, over a one-byte domain tag and the parts in order.
ports::Digest keyed_digest(const ports::Digest& key, unsigned char domain,
                           std::initializer_list<std::string_view> parts) noexcept {
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), 32);
  crypto_generichash_update(&state, &domain, 1);
  for (auto part : parts) {
    // Length-prefixed, so ("ab","c") and ("a","bc") differ.
    const auto n = static_cast<std::uint32_t>(part.size());
    const unsigned char length[4] = {
        static_cast<unsigned char>(n >> 24), static_cast<unsigned char>(n >> 16),
        static_cast<unsigned char>(n >> 8), static_cast<unsigned char>(n)};
    crypto_generichash_update(&state, length, sizeof length);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                              part.size());
  }
  ports::Digest digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  return digest;
}

std::string_view view(const ports::Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace

ports::Digest digest_address(const ports::Digest& server_key, std::string_view address) noexcept {
  return keyed_digest(server_key, 'a', {address});
}

ports::Digest digest_code(const ports::Digest& server_key, const ports::Digest& address,
                          ports::CodePurpose purpose, std::string_view code) noexcept {
  return keyed_digest(server_key, purpose == ports::CodePurpose::kVerify ? 'v' : 'r',
                      {view(address), code});
}

std::string hex_prefix(const ports::Digest& digest, std::size_t bytes) {
  bytes = std::min(bytes, digest.size());
  std::string out(bytes * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), digest.data(), bytes);
  out.pop_back();
  return out;
}

bool digests_equal(const ports::Digest& a, const ports::Digest& b) noexcept {
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace authlens::account
