#include "app/passkey_routes.hpp"

#include "account/strategies/passkey/base64url.hpp"
#include "app/profile_json.hpp"
#include "app/route_helpers.hpp"
#include "http/router.hpp"

namespace authlens::app {

using account::PasskeyBytes;
using account::passkey::from_base64url;
using account::passkey::to_base64url;
using http::Execution;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// A base64url member of `object`, decoded; empty when missing, not a string or not base64url
// (which then fails the ceremony's own checks).
PasskeyBytes bytes_at(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return {};
  auto bytes = from_base64url(it->get_ref<const std::string&>());
  return bytes ? std::move(*bytes) : PasskeyBytes{};
}

const json& response_of(const json& credential) {
  static const json kEmpty = json::object();
  if (!credential.is_object()) return kEmpty;
  const auto it = credential.find("response");
  return it != credential.end() && it->is_object() ? *it : kEmpty;
}

std::string text_of(const PasskeyBytes& bytes) { return {bytes.begin(), bytes.end()}; }

const json& credential_of(const Body& body) {
  static const json kEmpty = json::object();
  const auto it = body.value.find("credential");
  return it != body.value.end() && it->is_object() ? *it : kEmpty;
}

account::PasskeyRegistrationResponse registration_of(const json& credential) {
  const auto& response = response_of(credential);
  return {bytes_at(credential, "rawId"), text_of(bytes_at(response, "clientDataJSON")),
          bytes_at(response, "attestationObject")};
}

account::PasskeyAssertionResponse assertion_of(const json& credential) {
  const auto& response = response_of(credential);
  return {bytes_at(credential, "rawId"), text_of(bytes_at(response, "clientDataJSON")),
          bytes_at(response, "authenticatorData"), bytes_at(response, "signature"),
          bytes_at(response, "userHandle")};
}

json passkey_json(const account::PasskeyInfo& p) {
  json item = {{"id", p.id}, {"name", p.name}, {"created_at", rfc3339_utc(p.created_at)}};
  item["last_used_at"] = p.last_used_at == 0 ? json(nullptr) : json(rfc3339_utc(p.last_used_at));
  return item;
}

// WebAuthn L3 §5.4 PublicKeyCredentialCreationOptionsJSON.
Response creation_json(const account::PasskeyCreationOptions& o) {
  json exclude = json::array();
  for (const auto& id : o.exclude)
    exclude.push_back({{"type", "public-key"}, {"id", to_base64url(id)}});
  json options = {
      {"challenge", to_base64url(o.challenge)},
      {"rp", {{"id", o.rp_id}, {"name", o.rp_name}}},
      {"user",
       {{"id", to_base64url(o.user_handle)}, {"name", o.user_name}, {"displayName", o.user_name}}},
      // ES256, EdDSA, RS256: what the relying party verifies (COSE algorithm numbers).
      {"pubKeyCredParams",
       {{{"type", "public-key"}, {"alg", -7}},
        {{"type", "public-key"}, {"alg", -8}},
        {{"type", "public-key"}, {"alg", -257}}}},
      {"timeout", o.timeout_ms},
      {"excludeCredentials", std::move(exclude)},
      {"authenticatorSelection",
       {{"residentKey", "required"},
        {"requireResidentKey", true},
        {"userVerification", "required"}}},
      {"attestation", "none"},
  };
  return Response::json(200, json{{"flow", o.flow}, {"options", std::move(options)}}.dump());
}

// §5.5 PublicKeyCredentialRequestOptionsJSON.
Response request_json(const account::PasskeyRequestOptions& o) {
  json options = {{"challenge", to_base64url(o.challenge)},
                  {"rpId", o.rp_id},
                  {"timeout", o.timeout_ms},
                  {"allowCredentials", json::array()},
                  {"userVerification", "required"}};
  return Response::json(200, json{{"flow", o.flow}, {"options", std::move(options)}}.dump());
}

}  // namespace

void add_passkey_routes(http::Router& router, account::AccountService& accounts, Execution cheap) {
  auto& passkeys = accounts.passkeys();
  // Checking a password, or a signature: on the hashing pool.
  router.add("POST", "/me/passkeys/options",
             json_route([&passkeys](const Request& r, const Body& body) {
               return answer(passkeys.begin_registration(bearer_token(r), body.field("password"),
                                                         body.field("code"), client_of(r)),
                             creation_json);
             }),
             Execution::kPool);
  router.add("POST", "/me/passkeys", json_route([&passkeys](const Request& r, const Body& body) {
               return answer(passkeys.finish_registration(bearer_token(r), body.field("flow"),
                                                          registration_of(credential_of(body)),
                                                          body.field("name"), client_of(r)),
                             [](const account::PasskeyInfo& p) {
                               return Response::json(201, passkey_json(p).dump());
                             });
             }),
             Execution::kPool);
  router.add("GET", "/me/passkeys", guarded([&passkeys](const Request& r) {
               return answer(passkeys.list(bearer_token(r)), [](const auto& list) {
                 json items = json::array();
                 for (const auto& p : list) items.push_back(passkey_json(p));
                 return Response::json(200, json{{"passkeys", std::move(items)}}.dump());
               });
             }),
             cheap);
  router.add(
      "DELETE", "/me/passkeys/{id}", json_route([&passkeys](const Request& r, const Body& body) {
        return answer(passkeys.remove(bearer_token(r), http::last_segment(r.path),
                                      body.field("password"), body.field("code"), client_of(r)),
                      [](auto&) { return Response::empty(204); });
      }),
      Execution::kPool);
  router.add("POST", "/login/passkey/options", guarded([&passkeys](const Request& r) {
               return answer(passkeys.begin_login(client_of(r)), request_json);
             }),
             cheap);
  router.add("POST", "/login/passkey", json_route([&passkeys](const Request& r, const Body& body) {
               return answer(passkeys.finish_login(body.field("flow"),
                                                   assertion_of(credential_of(body)), client_of(r)),
                             [](const account::LoginGrant& g) { return grant_json(g); });
             }),
             Execution::kPool);
}

}  // namespace authlens::app
