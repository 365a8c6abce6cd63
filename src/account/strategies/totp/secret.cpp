#include "account/strategies/totp/secret.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "account/strategies/totp/base32.hpp"

namespace authlens::account::totp {

Secret Secret::generate() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  Secret secret;
  randombytes_buf(secret.bytes_.data(), secret.bytes_.size());
  return secret;
}

std::optional<Secret> Secret::from_bytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kSize) return std::nullopt;
  Secret secret;
  std::copy(bytes.begin(), bytes.end(), secret.bytes_.begin());
  return secret;
}

Secret::Secret(Secret&& other) noexcept : bytes_(other.bytes_) {
  sodium_memzero(other.bytes_.data(), other.bytes_.size());
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    sodium_memzero(other.bytes_.data(), other.bytes_.size());
  }
  return *this;
}

Secret::~Secret() { sodium_memzero(bytes_.data(), bytes_.size()); }

std::string Secret::base32() const { return base32_unpadded(bytes_); }

}  // namespace authlens::account::totp
