#pragma once
// A software authenticator and browser for tests: writes clientDataJSON, authenticator data and
// attestation objects as WebAuthn L3 describes, so relying-party checks run on whole ceremonies.
#include <sodium.h>

#include <string>

#include "account/strategies/passkey_software_key.hpp"

namespace authlens::account::passkey::testing {

inline std::string base64url(const Bytes& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

inline Bytes sha256(std::string_view text) {
  Bytes out(32);
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return out;
}

inline void cbor_text(Bytes& out, std::string_view text) {
  cbor_head(out, 3, text.size());
  out.insert(out.end(), text.begin(), text.end());
}

struct Ceremony {
  std::string client_data_json;
  Bytes attestation_object;  // registrations
  Bytes authenticator_data;  // assertions
  Bytes signature;           // assertions
};

class SoftwareAuthenticator {
 public:
  explicit SoftwareAuthenticator(CoseAlgorithm algorithm, std::string rp_id = "id.example.com")
      : key_(algorithm), algorithm_(algorithm), rp_id_(std::move(rp_id)), id_(16) {
    randombytes_buf(id_.data(), id_.size());
  }

  std::uint8_t flags = 0x01 | 0x04;  // UP | UV
  std::uint32_t counter = 0;
  std::string origin = "https://id.example.com";

  const Bytes& credential_id() const { return id_; }
  // Claims another credential's id (an attacker's authenticator can put any id in its data).
  void claim_credential_id(Bytes id) { id_ = std::move(id); }
  Bytes public_key_cose() const { return key_.cose(); }

  Ceremony create(const Bytes& challenge, std::string_view fmt = "none") {
    Ceremony out;
    out.client_data_json = client_data("webauthn.create", challenge);
    Bytes data = fixed_part(flags | 0x40);
    data.insert(data.end(), 16, 0);  // aaguid of "none"
    data.push_back(static_cast<std::uint8_t>(id_.size() >> 8));
    data.push_back(static_cast<std::uint8_t>(id_.size() & 0xFF));
    data.insert(data.end(), id_.begin(), id_.end());
    const auto cose = key_.cose();
    data.insert(data.end(), cose.begin(), cose.end());
    Bytes& object = out.attestation_object;
    cbor_head(object, 5, 3);
    cbor_text(object, "fmt"), cbor_text(object, fmt);
    cbor_text(object, "attStmt");
    if (fmt == "packed") {
      Bytes message = data;
      const auto hash = sha256(out.client_data_json);
      message.insert(message.end(), hash.begin(), hash.end());
      cbor_head(object, 5, 2);
      cbor_text(object, "alg"), cbor_int(object, static_cast<int>(algorithm_));
      cbor_text(object, "sig"), cbor_bytes(object, key_.sign(message));
    } else {
      cbor_head(object, 5, 0);
    }
    cbor_text(object, "authData"), cbor_bytes(object, data);
    return out;
  }

  Ceremony get(const Bytes& challenge) {
    if (counter != 0) ++counter;
    Ceremony out;
    out.client_data_json = client_data("webauthn.get", challenge);
    out.authenticator_data = fixed_part(flags);
    Bytes message = out.authenticator_data;
    const auto hash = sha256(out.client_data_json);
    message.insert(message.end(), hash.begin(), hash.end());
    out.signature = key_.sign(message);
    return out;
  }

 private:
  std::string client_data(std::string_view type, const Bytes& challenge) const {
    return std::string(R"({"type":")") + std::string(type) + R"(","challenge":")" +
           base64url(challenge) + R"(","origin":")" + origin + R"(","crossOrigin":false})";
  }
  Bytes fixed_part(std::uint8_t flag_bits) const {
    Bytes out = sha256(rp_id_);
    out.push_back(flag_bits);
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<std::uint8_t>(counter >> shift));
    return out;
  }

  SoftwareKey key_;
  CoseAlgorithm algorithm_;
  std::string rp_id_;
  Bytes id_;
};

}  // namespace authlens::account::passkey::testing
