#pragma once
// A software authenticator's key pair for tests: generates ES256, EdDSA or RS256 keys with
// OpenSSL, writes the public half as a COSE_Key and signs as an authenticator does.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "account/strategies/passkey/public_key.hpp"

namespace authlens::account::passkey::testing {

using Bytes = std::vector<std::uint8_t>;

// Minimal CBOR writing (RFC 8949 §3): heads for integers and byte strings, enough for a COSE_Key.
inline void cbor_head(Bytes& out, std::uint8_t major, std::uint64_t value) {
  const auto type = static_cast<std::uint8_t>(major << 5);
  if (value < 24) {
    out.push_back(static_cast<std::uint8_t>(type | value));
  } else if (value <= 0xFF) {
    out.insert(out.end(), {static_cast<std::uint8_t>(type | 24), static_cast<std::uint8_t>(value)});
  } else {
    out.insert(out.end(),
               {static_cast<std::uint8_t>(type | 25), static_cast<std::uint8_t>(value >> 8),
                static_cast<std::uint8_t>(value & 0xFF)});
  }
}
inline void cbor_int(Bytes& out, std::int64_t value) {
  if (value >= 0)
    cbor_head(out, 0, static_cast<std::uint64_t>(value));
  else
    cbor_head(out, 1, static_cast<std::uint64_t>(-1 - value));
}
inline void cbor_bytes(Bytes& out, const Bytes& bytes) {
  cbor_head(out, 2, bytes.size());
  out.insert(out.end(), bytes.begin(), bytes.end());
}

class SoftwareKey {
 public:
  explicit SoftwareKey(CoseAlgorithm algorithm) : algorithm_(algorithm) {
    switch (algorithm) {
      case CoseAlgorithm::es256:
        key_ = EVP_EC_gen("P-256");
        break;
      case CoseAlgorithm::eddsa:
        key_ = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
      case CoseAlgorithm::rs256:
        key_ = EVP_RSA_gen(2048);
        break;
    }
    if (key_ == nullptr) throw std::runtime_error("key generation failed");
  }
  SoftwareKey(const SoftwareKey&) = delete;
  SoftwareKey& operator=(const SoftwareKey&) = delete;
  ~SoftwareKey() { EVP_PKEY_free(key_); }

  Bytes cose() const {
    Bytes out;
    switch (algorithm_) {
      case CoseAlgorithm::es256: {
        Bytes point(65);
        std::size_t size = 0;
        EVP_PKEY_get_octet_string_param(key_, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(),
                                        &size);
        cbor_head(out, 5, 5);
        cbor_int(out, 1), cbor_int(out, 2), cbor_int(out, 3), cbor_int(out, -7), cbor_int(out, -1),
            cbor_int(out, 1);
        cbor_int(out, -2), cbor_bytes(out, Bytes(point.begin() + 1, point.begin() + 33));
        cbor_int(out, -3), cbor_bytes(out, Bytes(point.begin() + 33, point.end()));
        break;
      }
      case CoseAlgorithm::eddsa: {
        Bytes x(32);
        std::size_t size = x.size();
        EVP_PKEY_get_raw_public_key(key_, x.data(), &size);
        cbor_head(out, 5, 4);
        cbor_int(out, 1), cbor_int(out, 1), cbor_int(out, 3), cbor_int(out, -8), cbor_int(out, -1),
            cbor_int(out, 6);
        cbor_int(out, -2), cbor_bytes(out, x);
        break;
      }
      case CoseAlgorithm::rs256: {
        cbor_head(out, 5, 4);
        cbor_int(out, 1), cbor_int(out, 3), cbor_int(out, 3), cbor_int(out, -257);
        cbor_int(out, -1), cbor_bytes(out, big_number(OSSL_PKEY_PARAM_RSA_N));
        cbor_int(out, -2), cbor_bytes(out, big_number(OSSL_PKEY_PARAM_RSA_E));
        break;
      }
    }
    return out;
  }

  Bytes sign(const Bytes& message) const {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const EVP_MD* digest = algorithm_ == CoseAlgorithm::eddsa ? nullptr : EVP_sha256();
    std::size_t size = 0;
    Bytes signature;
    if (EVP_DigestSignInit(context, nullptr, digest, nullptr, key_) == 1 &&
        EVP_DigestSign(context, nullptr, &size, message.data(), message.size()) == 1) {
      signature.resize(size);
      EVP_DigestSign(context, signature.data(), &size, message.data(), message.size());
      signature.resize(size);
    }
    EVP_MD_CTX_free(context);
    return signature;
  }

 private:
  Bytes big_number(const char* name) const {
    BIGNUM* number = nullptr;
    EVP_PKEY_get_bn_param(key_, name, &number);
    Bytes out(static_cast<std::size_t>(BN_num_bytes(number)));
    BN_bn2bin(number, out.data());
    BN_free(number);
    return out;
  }

  CoseAlgorithm algorithm_;
  EVP_PKEY* key_ = nullptr;
};

}  // namespace authlens::account::passkey::testing
