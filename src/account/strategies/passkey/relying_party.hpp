#pragma once
// The relying party's checks of a registration (WebAuthn L3 §7.1) and an authentication (§7.2),
// on what the browser returned; the flows supply the challenge they issued and the stored key.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "account/strategies/passkey/public_key.hpp"

namespace authlens::account::passkey {

struct RelyingParty {
  std::string id;                    // the RP ID, e.g. "id.example.com"
  std::vector<std::string> origins;  // exact origins the pages are served from
  bool require_user_verification =
      true;  // passkeys stand alone as a sign-in: UV is the second factor
};

enum class CeremonyError {
  malformed,            // not WebAuthn data at all
  client_data,          // type, challenge, origin or frame wrong
  wrong_relying_party,  // rpIdHash is another site's
  user_not_present,
  user_not_verified,
  unsupported_key,          // not ES256, EdDSA or RS256, or an invalid key
  unsupported_attestation,  // only "none" and packed self attestation are taken
  bad_signature,
  counter_went_back,  // a cloned authenticator, or a replayed assertion (§6.1.1)
};

struct NewCredential {
  std::vector<std::uint8_t> id;
  std::vector<std::uint8_t> public_key_cose;
  CoseAlgorithm algorithm = CoseAlgorithm::es256;
  std::uint32_t sign_count = 0;
  bool backup_eligible = false;
  bool backed_up = false;
};

struct Registration {
  std::optional<NewCredential> credential;
  CeremonyError error = CeremonyError::malformed;
};

Registration verify_registration(const RelyingParty& rp, std::span<const std::uint8_t> challenge,
                                 std::string_view client_data_json,
                                 std::span<const std::uint8_t> attestation_object);

struct Assertion {
  bool ok = false;
  CeremonyError error = CeremonyError::malformed;
  std::uint32_t sign_count = 0;  // to store when ok
  bool user_verified = false;
  bool backed_up = false;
};

// `stored_sign_count` is the counter kept from the last use; `public_key_cose` the stored key.
Assertion verify_assertion(const RelyingParty& rp, std::span<const std::uint8_t> challenge,
                           std::string_view client_data_json,
                           std::span<const std::uint8_t> authenticator_data,
                           std::span<const std::uint8_t> signature,
                           std::span<const std::uint8_t> public_key_cose,
                           std::uint32_t stored_sign_count);

}  // namespace authlens::account::passkey
