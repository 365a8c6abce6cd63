#include "http/problem.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace authlens::http {
namespace {

std::string_view title_for(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

}  // namespace

Response problem(int status, std::string_view code, std::string_view detail,
                 int retry_after_seconds) {
  const nlohmann::json body = {
      {"type", "https://authlens.dev/problems/" + std::string(code)},
      {"title", title_for(status)},
      {"status", status},
      {"detail", detail},
      {"code", code},
  };
  Response response{status, "application/problem+json", body.dump(), {}};
  if (retry_after_seconds > 0)
    response.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return response;
}

}  // namespace authlens::http
