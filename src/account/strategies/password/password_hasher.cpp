#include "account/strategies/password/password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>

namespace authlens::account {

Argon2Params Argon2Params::interactive() noexcept {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHasher::PasswordHasher(Argon2Params params) : params_(params) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  dummy_hash_ = hash("authlens dummy password for timing");
}

std::string PasswordHasher::hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params_.opslimit,
                            params_.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("Argon2id hashing ran out of memory");
  }
  return out;
}

bool PasswordHasher::verify(std::string_view stored_hash, std::string_view password) const {
  // libsodium wants a NUL-terminated hash string.
  const std::string hash_str(stored_hash);
  return crypto_pwhash_str_verify(hash_str.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::needs_rehash(std::string_view stored_hash) const {
  const std::string hash_str(stored_hash);
  return crypto_pwhash_str_needs_rehash(hash_str.c_str(), params_.opslimit, params_.memlimit) != 0;
}

void PasswordHasher::verify_dummy(std::string_view password) const {
  (void)verify(dummy_hash_, password);
}

}  // namespace authlens::account
