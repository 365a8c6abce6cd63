#pragma once
// WebAuthn L3 §6.1 authenticator data: what the authenticator signs about itself and the relying
// party. Parsed by hand (a fixed layout plus one CBOR item, measured with libcbor) because no
// packaged C/C++ WebAuthn relying-party library exists on Debian 12.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace authlens::account::passkey {

// §6.1.2 attested credential data: present only when a credential is created.
struct AttestedCredential {
  std::array<std::uint8_t, 16> aaguid{};
  std::vector<std::uint8_t> credential_id;
  std::vector<std::uint8_t> public_key_cose;  // the credentialPublicKey CBOR item, verbatim
};

struct AuthenticatorData {
  // The flag bits of §6.1 (bits 1 and 5 are reserved).
  static constexpr std::uint8_t kUserPresent = 0x01;
  static constexpr std::uint8_t kUserVerified = 0x04;
  static constexpr std::uint8_t kBackupEligible = 0x08;
  static constexpr std::uint8_t kBackedUp = 0x10;
  static constexpr std::uint8_t kAttestedCredential = 0x40;
  static constexpr std::uint8_t kExtensions = 0x80;

  std::array<std::uint8_t, 32> rp_id_hash{};
  std::uint8_t flags = 0;
  std::uint32_t sign_count = 0;
  std::optional<AttestedCredential> attested;

  bool user_present() const noexcept { return (flags & kUserPresent) != 0; }
  bool user_verified() const noexcept { return (flags & kUserVerified) != 0; }
  bool backup_eligible() const noexcept { return (flags & kBackupEligible) != 0; }
  bool backed_up() const noexcept { return (flags & kBackedUp) != 0; }
};

// §6.1.2 caps credential ids at 1023 bytes; longer ones are refused, not truncated.
inline constexpr std::size_t kMaxCredentialIdSize = 1023;

// nullopt for anything malformed: too short, a flag promising data that is not there, a credential
// id too long, a public key or extensions that are not one well-formed CBOR item, bytes left over,
// or "backed up" without "backup eligible" (§6.1.3 forbids that pair).
std::optional<AuthenticatorData> parse_authenticator_data(std::span<const std::uint8_t> bytes);

}  // namespace authlens::account::passkey
