#include "app/second_factor_routes.hpp"

#include "app/route_helpers.hpp"

namespace authlens::app {

using http::Execution;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Response codes_json(const std::vector<std::string>& codes, const char* status) {
  json body = {{"recovery_codes", codes}};
  if (status != nullptr) body["status"] = status;
  return Response::json(200, body.dump());
}

}  // namespace

void add_second_factor_routes(http::Router& router, account::AccountService& accounts) {
  // Every one of these checks a password or a code under the account's lock, or hashes: on the
  // hashing pool.
  router.add("POST", "/login/second-factor",
             json_route([&accounts](const Request& r, const Body& body) {
               // {challenge, code} is the authenticator's code, {challenge, recovery_code} a
               // recovery code.
               const bool recovery = body.has("recovery_code");
               return answer(accounts.login_second_factor(
                                 body.field("challenge"), recovery ? "recovery_code" : "totp",
                                 body.field(recovery ? "recovery_code" : "code"), client_of(r)),
                             [](const account::LoginGrant& g) { return grant_json(g); });
             }),
             Execution::kPool);
  router.add("POST", "/me/totp", json_route([&accounts](const Request& r, const Body& body) {
               return answer(
                   accounts.totp().begin(bearer_token(r), body.field("password"), client_of(r)),
                   [](const account::TotpEnrolment& e) {
                     return Response::json(200, json{{"secret", e.secret},
                                                     {"otpauth_uri", e.otpauth_uri},
                                                     {"qr_svg", e.qr_svg}}
                                                    .dump());
                   });
             }),
             Execution::kPool);
  router.add(
      "POST", "/me/totp/confirm", json_route([&accounts](const Request& r, const Body& body) {
        return answer(accounts.totp().confirm(bearer_token(r), body.field("code"), client_of(r)),
                      [](const auto& codes) { return codes_json(codes, "totp_enabled"); });
      }),
      Execution::kPool);
  router.add("DELETE", "/me/totp", json_route([&accounts](const Request& r, const Body& body) {
               return answer(accounts.totp().disable(bearer_token(r), body.field("password"),
                                                     body.field("code"), client_of(r)),
                             [](auto&) { return Response::empty(204); });
             }),
             Execution::kPool);
  router.add(
      "POST", "/me/recovery-codes", json_route([&accounts](const Request& r, const Body& body) {
        return answer(accounts.recovery_codes().regenerate(bearer_token(r), body.field("password"),
                                                           body.field("code"), client_of(r)),
                      [](const auto& codes) { return codes_json(codes, nullptr); });
      }),
      Execution::kPool);
}

}  // namespace authlens::app
