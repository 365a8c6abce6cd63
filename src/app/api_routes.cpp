#include "app/api_routes.hpp"

#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/profile_json.hpp"
#include "http/problem.hpp"
#include "store/store.hpp"

namespace authlens::app {
namespace {

using account::ErrorCode;
using http::Request;
using http::Response;
using nlohmann::json;

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidRequest:
    case ErrorCode::kInvalidEmail:
    case ErrorCode::kWeakPassword:
    case ErrorCode::kInvalidCode:
      return 400;
    case ErrorCode::kInvalidCredentials:
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kEmailNotVerified:
      return 403;
    case ErrorCode::kTooManyAttempts:
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kOverloaded:
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response error_response(const account::Error& error) {
  auto response = http::problem(status_for(error.code), account::to_string(error.code),
                                error.detail, error.retry_after_seconds);
  if (response.status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

template <typename T, typename OnSuccess>
Response answer(const account::Result<T>& result, OnSuccess on_success) {
  return result.ok() ? on_success(result.value()) : error_response(result.error());
}

// The parsed body, or the response that refuses it.
struct Body {
  json value;
  std::optional<Response> refusal;

  // A missing or non-string field reads as empty, which then fails that field's own check.
  std::string field(const char* name) const {
    const auto it = value.find(name);
    return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
  }
};

bool is_json_media_type(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  auto media = content_type.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media.size() != 16) return false;
  for (std::size_t i = 0; i < media.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(media[i])) != "application/json"[i]) return false;
  return true;
}

Body parse_body(const Request& request) {
  Body body;
  if (!is_json_media_type(request.content_type)) {
    body.refusal =
        http::problem(415, "unsupported_media_type", "Send the body as application/json.");
    return body;
  }
  body.value = json::parse(request.body, nullptr, false);
  if (body.value.is_discarded()) {
    body.refusal = http::problem(400, "malformed_json", "The body is not valid JSON.");
  } else if (!body.value.is_object()) {
    body.refusal = http::problem(400, "invalid_request", "The body must be a JSON object.");
  }
  return body;
}

account::Client client_of(const Request& request) {
  return {request.client_address, request.client_key};
}

std::string_view bearer_token(const Request& request) {
  const auto header = request.authorization;
  if (header.size() < 7) return {};
  for (std::size_t i = 0; i < 6; ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != "bearer"[i]) return {};
  if (header[6] != ' ') return {};
  auto token = header.substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

Response status_json(int status, const char* value) {
  return Response::json(status, json{{"status", value}}.dump());
}

Response grant_json(const account::LoginGrant& grant, const char* status = nullptr) {
  json body = {{"access_token", grant.access_token},
               {"token_type", "Bearer"},
               {"expires_in", grant.expires_in}};
  if (status != nullptr) body["status"] = status;
  return Response::json(200, body.dump());
}

// Storage outages are the one exception the handlers expect: they become 503, not 500.
template <typename Fn>
http::Handler guarded(Fn fn) {
  return [fn = std::move(fn)](const Request& request) -> Response {
    try {
      return fn(request);
    } catch (const store::StoreError&) {
      return http::problem(503, "unavailable", "The database is unavailable; try again shortly.",
                           1);
    }
  };
}

// A route whose body is a JSON object: parse it or refuse it, then call `fn(request, body)`.
template <typename Fn>
http::Handler json_route(Fn fn) {
  return guarded([fn = std::move(fn)](const Request& request) -> Response {
    const auto body = parse_body(request);
    if (body.refusal) return *body.refusal;
    return fn(request, body);
  });
}

}  // namespace

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
  router.add(
      "POST", "/register/confirm", json_route([&accounts](const Request& r, const Body& body) {
        return answer(accounts.confirm(body.field("email"), body.field("code"),
                                       body.field("password"), client_of(r)),
                      [](const account::LoginGrant& g) { return grant_json(g, "verified"); });
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
                   [](const account::LoginGrant& g) { return grant_json(g); });
             }),
             Execution::kPool);
  router.add("POST", "/logout", guarded([&accounts](const Request& request) {
               return answer(accounts.logout(bearer_token(request)),
                             [](auto&) { return Response::empty(204); });
             }),
             cheap);
  router.add("GET", "/me", guarded([&accounts](const Request& request) {
               return answer(accounts.me(bearer_token(request)), [](const account::Profile& p) {
                 return Response::json(200, profile_json(p.email, p.verified, p.created_at));
               });
             }),
             cheap);
  router.add("DELETE", "/me", json_route([&accounts](const Request& r, const Body& body) {
               return answer(accounts.delete_account(bearer_token(r), body.field("password"),
                                                     client_of(r)),
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
        return answer(accounts.change_password(bearer_token(r), body.field("current_password"),
                                               body.field("new_password"), client_of(r)),
                      [](auto&) { return status_json(200, "password_changed"); });
      }),
      Execution::kPool);
  // The contract lists the probes on the public API too (load balancers often only see it).
  router.add("GET", "/healthz", [](const Request&) { return status_json(200, "ok"); });
  router.add("GET", "/readyz", [ready = std::move(database_ready)](const Request&) {
    return ready() ? status_json(200, "ok")
                   : http::problem(503, "unavailable", "The database does not answer.");
  });
}

}  // namespace authlens::app
