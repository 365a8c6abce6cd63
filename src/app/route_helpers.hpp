#pragma once
// What every public route shares: reading the JSON body, the bearer token and the client, and
// turning the domain's results into answers (one table from error code to status).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "account/client.hpp"
#include "account/parts/sign_in.hpp"
#include "account/result.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace authlens::app {

int status_for(account::ErrorCode code);
http::Response error_response(const account::Error& error);

template <typename T, typename OnSuccess>
http::Response answer(const account::Result<T>& result, OnSuccess on_success) {
  return result.ok() ? on_success(result.value()) : error_response(result.error());
}

// The parsed body, or the response that refuses it.
struct Body {
  nlohmann::json value;
  std::optional<http::Response> refusal;

  // A missing or non-string field reads as empty, which then fails that field's own check.
  std::string field(const char* name) const {
    const auto it = value.find(name);
    return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
  }
  bool has(const char* name) const { return value.contains(name); }
};

Body parse_body(const http::Request& request);
std::string_view bearer_token(const http::Request& request);

inline account::Client client_of(const http::Request& request) {
  account::Client client(request.client_address, request.client_key);
  client.user_agent = request.user_agent;
  return client;
}

http::Response status_json(int status, const char* value);
http::Response grant_json(const account::LoginGrant& grant, const char* status = nullptr);
// A token, or the second step: `status` names the grant's status field when there is one.
http::Response sign_in_json(const account::SignInOutcome& outcome, const char* status = nullptr);

// Storage outages are the one exception the handlers expect: they become 503, not 500.
template <typename Fn>
http::Handler guarded(Fn fn) {
  return [fn = std::move(fn)](const http::Request& request) -> http::Response {
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
  return guarded([fn = std::move(fn)](const http::Request& request) -> http::Response {
    const auto body = parse_body(request);
    if (body.refusal) return *body.refusal;
    return fn(request, body);
  });
}

}  // namespace authlens::app
