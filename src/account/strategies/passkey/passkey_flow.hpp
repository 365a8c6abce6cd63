#pragma once
// Passkeys as a credential strategy (issue 18): adding one (step-up, then the browser's
// registration ceremony), listing and removing them, and signing in with one and no address typed
// (a discoverable credential). The WebAuthn checks are relying_party.hpp's; this file is what the
// service keeps and decides around them. Ceremonies are challenges (ports::Challenges): random,
// single use, short-lived, named by the digest of the flow handle the client holds.
//
// A passkey added or removed is a credential change, as a factor is: every other session ends,
// the owner is mailed. A passkey sign-in is aal2 (possession plus the authenticator's user
// verification), so an account with TOTP is not asked for a code.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/parts/sign_in.hpp"
#include "account/parts/step_up.hpp"

namespace authlens::account {

inline constexpr std::string_view kPasskeyMethod = "passkey";

using PasskeyBytes = std::vector<std::uint8_t>;

// What the browser's navigator.credentials.create() needs (the routes render it as WebAuthn L3
// PublicKeyCredentialCreationOptionsJSON).
struct PasskeyCreationOptions {
  std::string flow;  // the handle the finishing call names
  PasskeyBytes challenge;
  std::string rp_id;
  std::string rp_name;
  PasskeyBytes user_handle;  // opaque, per account: neither the address nor the row id
  std::string user_name;     // the address, as the authenticator shows it
  std::vector<PasskeyBytes> exclude;
  std::int64_t timeout_ms = 0;
};

// What navigator.credentials.get() needs (PublicKeyCredentialRequestOptionsJSON, no
// allowCredentials: the authenticator offers whichever passkey of ours it holds).
struct PasskeyRequestOptions {
  std::string flow;
  PasskeyBytes challenge;
  std::string rp_id;
  std::int64_t timeout_ms = 0;
};

// The browser's answers, decoded from their base64url JSON by the routes.
struct PasskeyRegistrationResponse {
  PasskeyBytes credential_id;  // rawId
  std::string client_data_json;
  PasskeyBytes attestation_object;
};
struct PasskeyAssertionResponse {
  PasskeyBytes credential_id;
  std::string client_data_json;
  PasskeyBytes authenticator_data;
  PasskeyBytes signature;
  PasskeyBytes user_handle;  // empty when the browser sent none
};

struct PasskeyInfo {
  std::string id;  // the credential id, base64url: public, the browser knows it
  std::string name;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;  // 0: never
};

class PasskeyFlow {
 public:
  PasskeyFlow(const Kernel& kernel, const StepUp& step_up) : kernel_(kernel), step_up_(step_up) {}

  Result<PasskeyCreationOptions> begin_registration(std::string_view token,
                                                    std::string_view password,
                                                    std::string_view code, const Client& client);
  Result<PasskeyInfo> finish_registration(std::string_view token, std::string_view flow,
                                          const PasskeyRegistrationResponse& response,
                                          std::string_view name, const Client& client);
  Result<std::vector<PasskeyInfo>> list(std::string_view token);
  Status remove(std::string_view token, std::string_view id, std::string_view password,
                std::string_view code, const Client& client);

  Result<PasskeyRequestOptions> begin_login(const Client& client);
  Result<LoginGrant> finish_login(std::string_view flow, const PasskeyAssertionResponse& response,
                                  const Client& client);

  // The opaque user handle of an account: a keyed hash of its id (stable, nothing to store).
  PasskeyBytes user_handle(std::int64_t account_id) const;

 private:
  const Kernel& kernel_;
  const StepUp& step_up_;
};

}  // namespace authlens::account
