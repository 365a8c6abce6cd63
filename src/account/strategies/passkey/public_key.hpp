#pragma once
// A passkey's public key, read from its COSE_Key (RFC 9052 §7, RFC 9053) and checked with
// OpenSSL 3. The three algorithms a relying party must expect from today's authenticators
// (WebAuthn L3 §5.8.3 recommends at least these): ES256, EdDSA (Ed25519) and RS256.
#include <cstdint>
#include <optional>
#include <span>

struct evp_pkey_st;

namespace authlens::account::passkey {

// COSE algorithm identifiers (IANA "COSE Algorithms"), the numbers pubKeyCredParams carries.
enum class CoseAlgorithm : int { es256 = -7, eddsa = -8, rs256 = -257 };

class PublicKey {
 public:
  // nullopt unless `cose` is exactly one COSE_Key map whose kty, alg and curve agree with one of
  // the three algorithms and whose key material is valid (a point on P-256, a 32-byte Ed25519
  // key, an RSA modulus of at least 2048 bits).
  static std::optional<PublicKey> from_cose(std::span<const std::uint8_t> cose);

  PublicKey(PublicKey&& other) noexcept;
  PublicKey& operator=(PublicKey&& other) noexcept;
  PublicKey(const PublicKey&) = delete;
  PublicKey& operator=(const PublicKey&) = delete;
  ~PublicKey();

  CoseAlgorithm algorithm() const noexcept { return algorithm_; }
  // WebAuthn signatures: ASN.1 DER ECDSA for ES256, raw 64 bytes for EdDSA, PKCS#1 v1.5 for RS256
  // (L3 §6.5.6), over authenticatorData || SHA-256(clientDataJSON).
  bool verify(std::span<const std::uint8_t> message, std::span<const std::uint8_t> signature) const;

 private:
  PublicKey(evp_pkey_st* key, CoseAlgorithm algorithm) noexcept
      : key_(key), algorithm_(algorithm) {}
  evp_pkey_st* key_ = nullptr;
  CoseAlgorithm algorithm_ = CoseAlgorithm::es256;
};

}  // namespace authlens::account::passkey
