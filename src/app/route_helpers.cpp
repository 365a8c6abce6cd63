#include "app/route_helpers.hpp"

#include <cctype>

namespace authlens::app {

using account::ErrorCode;
using http::Request;
using http::Response;
using nlohmann::json;

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidEmail:
    case ErrorCode::kWeakPassword:
    case ErrorCode::kInvalidCode:
    case ErrorCode::kInvalidCredential:
      return 400;
    case ErrorCode::kInvalidCredentials:
    case ErrorCode::kUnauthorized:
    case ErrorCode::kInvalidChallenge:
      return 401;
    case ErrorCode::kSecondFactorRequired:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kTotpAlreadyEnabled:
      return 409;
    case ErrorCode::kTooManyAttempts:
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
  }
  return 503;
}

Response error_response(const account::Error& error) {
  auto response = http::problem(status_for(error.code), account::to_string(error.code),
                                error.detail, error.retry_after_seconds);
  if (response.status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

namespace {

bool is_json_media_type(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  auto media = content_type.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media.size() != 16) return false;
  for (std::size_t i = 0; i < media.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(media[i])) != "application/json"[i]) return false;
  return true;
}

}  // namespace

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

Response grant_json(const account::LoginGrant& grant, const char* status) {
  json body = {{"access_token", grant.access_token},
               {"token_type", "Bearer"},
               {"expires_in", grant.expires_in}};
  if (status != nullptr) body["status"] = status;
  return Response::json(200, body.dump());
}

Response sign_in_json(const account::SignInOutcome& outcome, const char* status) {
  if (const auto* grant = std::get_if<account::LoginGrant>(&outcome))
    return grant_json(*grant, status);
  const auto& step = std::get<account::SecondStep>(outcome);
  return Response::json(200, json{{"status", "second_factor_required"},
                                  {"challenge", step.challenge},
                                  {"expires_in", step.expires_in},
                                  {"factors", step.factors}}
                                 .dump());
}

}  // namespace authlens::app
