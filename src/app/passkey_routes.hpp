#pragma once
// The passkey routes: POST /me/passkeys/options, POST /me/passkeys, GET /me/passkeys,
// DELETE /me/passkeys/{id}, POST /login/passkey/options, POST /login/passkey. They translate
// WebAuthn L3's JSON (base64url members) to and from the domain's PasskeyFlow.
#include "account/service.hpp"
#include "http/router.hpp"

namespace authlens::app {

void add_passkey_routes(http::Router& router, account::AccountService& accounts,
                        http::Execution cheap);

}  // namespace authlens::app
