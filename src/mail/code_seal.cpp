#include "mail/code_seal.hpp"

#include <sodium.h>

#include <stdexcept>

namespace authlens::mail {
namespace {

static_assert(crypto_kdf_KEYBYTES == std::tuple_size_v<store::Digest>);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == std::tuple_size_v<store::Digest>);
constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr char kContext[crypto_kdf_CONTEXTBYTES + 1] = "mailseal";  // KDF domain: this use only

std::string associated_data(std::string_view recipient, std::string_view kind) {
  std::string ad(recipient);
  ad.push_back('\0');
  ad.append(kind);
  return ad;
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

CodeSeal::CodeSeal(const store::Digest& server_key) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  crypto_kdf_derive_from_key(key_.data(), key_.size(), 1, kContext, server_key.data());
}

CodeSeal::~CodeSeal() { sodium_memzero(key_.data(), key_.size()); }

store::Bytes CodeSeal::seal(std::string_view code, std::string_view recipient,
                            std::string_view kind) const {
  const std::string ad = associated_data(recipient, kind);
  store::Bytes out(kNonce + code.size() + kTag);
  randombytes_buf(out.data(), kNonce);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonce, &written, bytes(code),
                                             code.size(), bytes(ad), ad.size(), nullptr, out.data(),
                                             key_.data());
  out.resize(kNonce + written);
  return out;
}

std::optional<std::string> CodeSeal::open(const store::Bytes& sealed, std::string_view recipient,
                                          std::string_view kind) const {
  if (sealed.size() < kNonce + kTag) return std::nullopt;
  const std::string ad = associated_data(recipient, kind);
  std::string code(sealed.size() - kNonce - kTag, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(code.data()), &written, nullptr, sealed.data() + kNonce,
          sealed.size() - kNonce, bytes(ad), ad.size(), sealed.data(), key_.data()) != 0)
    return std::nullopt;
  code.resize(written);
  return code;
}

}  // namespace authlens::mail
