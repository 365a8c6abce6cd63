#include "crypto/sealed_box.hpp"

#include <sodium.h>

#include <stdexcept>

namespace authlens::crypto {
namespace {

static_assert(crypto_kdf_KEYBYTES == std::tuple_size_v<Key>);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == std::tuple_size_v<Key>);
static_assert(crypto_kdf_CONTEXTBYTES == 8);
constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

SealedBox::SealedBox(const Key& server_key, const char (&context)[9]) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  crypto_kdf_derive_from_key(key_.data(), key_.size(), 1, context, server_key.data());
}

SealedBox::~SealedBox() { sodium_memzero(key_.data(), key_.size()); }

Bytes SealedBox::seal(std::string_view plaintext, std::string_view associated) const {
  Bytes out(kNonce + plaintext.size() + kTag);
  randombytes_buf(out.data(), kNonce);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonce, &written, bytes(plaintext),
                                             plaintext.size(), bytes(associated), associated.size(),
                                             nullptr, out.data(), key_.data());
  out.resize(kNonce + written);
  return out;
}

std::optional<std::string> SealedBox::open(const Bytes& sealed, std::string_view associated) const {
  if (sealed.size() < kNonce + kTag) return std::nullopt;
  std::string plain(sealed.size() - kNonce - kTag, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr, sealed.data() + kNonce,
          sealed.size() - kNonce, bytes(associated), associated.size(), sealed.data(),
          key_.data()) != 0) {
    sodium_memzero(plain.data(), plain.size());
    return std::nullopt;
  }
  plain.resize(written);
  return plain;
}

}  // namespace authlens::crypto
