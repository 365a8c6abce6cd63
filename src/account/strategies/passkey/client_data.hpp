#pragma once
// WebAuthn L3 §5.8.1 collected client data: the JSON the browser wrote and the authenticator
// signed (by hash). The relying party's checks of §7.1 steps 7-10 and §7.2 steps 11-14.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authlens::account::passkey {

enum class Ceremony { create, get };  // "webauthn.create" / "webauthn.get"

enum class ClientDataError {
  malformed,        // not a JSON object, or a member of the wrong type
  wrong_type,       // another ceremony's data (e.g. an assertion offered as a registration)
  wrong_challenge,  // not the challenge this flow issued
  wrong_origin,     // not one of our origins
  cross_origin,     // made in an iframe of another site
};

struct ClientDataCheck {
  bool ok = false;
  ClientDataError error = ClientDataError::malformed;
  std::array<std::uint8_t, 32> hash{};  // SHA-256 of the JSON as sent: what the signature covers
};

// `allowed_origins` are exact serialised origins ("https://id.example.com"); the challenge is
// compared in constant time.
ClientDataCheck check_client_data(std::string_view client_data_json, Ceremony ceremony,
                                  std::span<const std::uint8_t> expected_challenge,
                                  std::span<const std::string> allowed_origins);

}  // namespace authlens::account::passkey
