#include "app/api_routes.hpp"

#include "app/passkey_routes.hpp"
#include "app/profile_json.hpp"
#include "app/route_helpers.hpp"
#include "app/second_factor_routes.hpp"
#include "app/session_routes.hpp"

namespace authlens::app {

using http::Request;
using http::Response;

void add_api_routes(http::Router& router, account::AccountService& accounts, bool store_blocks,
                    std::function<bool()> database_ready) {
  using http::Execution;
  // Flows that hash a password or may ask the breach service run on the hashing pool.
  const auto cheap = store_blocks ? Execution::kPool : Execution::kInline;
  router.add("POST", "/register", json_route([&accounts](const Request& r, const Body& body) {
               return answer(accounts.register_account(body.field("email"), body.field("password"),
                                                       client_of(r)),
                             [](auto&) { return status_json(202, "verification_sent"); });
             }),
             Execution::kPool);
  router.add("POST", "/register/confirm",
             json_route([&accounts](const Request& r, const Body& body) {
               return answer(accounts.confirm(body.field("email"), body.field("code"),
                                              body.field("password"), client_of(r)),
                             [](const auto& outcome) { return sign_in_json(outcome, "verified"); });
             }),
             Execution::kPool);
  router.add("POST", "/register/resend",
             json_route([&accounts](const Request& r, const Body& body) {
               return answer(accounts.resend(body.field("email"), client_of(r)),
                             [](auto&) { return status_json(202, "verification_sent"); });
             }),
             cheap);
  router.add("POST", "/login", json_route([&accounts](const Request& r, const Body& body) {
               return answer(
                   accounts.login(body.field("email"), body.field("password"), client_of(r)),
                   [](const auto& outcome) { return sign_in_json(outcome); });
             }),
             Execution::kPool);
  router.add("POST", "/logout", guarded([&accounts](const Request& request) {
               return answer(accounts.logout(bearer_token(request)),
                             [](auto&) { return Response::empty(204); });
             }),
             cheap);
  router.add("GET", "/me", guarded([&accounts](const Request& request) {
               return answer(accounts.me(bearer_token(request)), [](const account::Profile& p) {
                 return Response::json(200, profile_json(p.email, p.created_at, p.totp_enabled,
                                                         p.recovery_codes_left));
               });
             }),
             cheap);
  router.add("DELETE", "/me", json_route([&accounts](const Request& r, const Body& body) {
               return answer(accounts.delete_account(bearer_token(r), body.field("password"),
                                                     client_of(r), body.field("code")),
                             [](auto&) { return Response::empty(204); });
             }),
             Execution::kPool);
  router.add("POST", "/password/forgot",
             json_route([&accounts](const Request& r, const Body& body) {
               return answer(accounts.forgot(body.field("email"), client_of(r)),
                             [](auto&) { return status_json(202, "reset_code_sent"); });
             }),
             cheap);
  router.add("POST", "/password/reset", json_route([&accounts](const Request& r, const Body& body) {
               return answer(accounts.reset(body.field("email"), body.field("code"),
                                            body.field("new_password"), client_of(r)),
                             [](auto&) { return status_json(200, "password_reset"); });
             }),
             Execution::kPool);
  router.add(
      "POST", "/password/change", json_route([&accounts](const Request& r, const Body& body) {
        return answer(
            accounts.change_password(bearer_token(r), body.field("current_password"),
                                     body.field("new_password"), client_of(r), body.field("code")),
            [](auto&) { return status_json(200, "password_changed"); });
      }),
      Execution::kPool);
  add_session_routes(router, accounts.sessions(), cheap);
  add_second_factor_routes(router, accounts);
  add_passkey_routes(router, accounts, cheap);
  // The contract lists the probes on the public API too (load balancers often only see it).
  router.add("GET", "/healthz", [](const Request&) { return status_json(200, "ok"); });
  router.add("GET", "/readyz", [ready = std::move(database_ready)](const Request&) {
    return ready() ? status_json(200, "ok")
                   : http::problem(503, "unavailable", "The database does not answer.");
  });
}

}  // namespace authlens::app
