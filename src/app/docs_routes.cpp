#include "app/docs_routes.hpp"

#include <string>

#include "app/embedded_assets.hpp"

namespace authlens::app {
namespace {

constexpr std::string_view kDocsPrefix = "/docs/";
constexpr std::string_view kUiPrefix = "/ui/";
// The documents change only with a new build, but their URLs do not: caches keep them and
// revalidate with the ETag each time, which costs a 304 and no body while they are current.
constexpr std::string_view kCacheControl = "public, no-cache";
// Swagger UI sets inline styles; it needs no inline script and no other origin.
constexpr std::string_view kPagePolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// The hosted pages (/ui/…): scripts and styles of this origin only and none inline, so what
// sessionStorage holds (the token) is readable by authlens's own scripts alone; never framed;
// forms go nowhere by themselves (the scripts send them), so a page whose script did not load
// cannot put a password in a URL.
constexpr std::string_view kUiPagePolicy =
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; "
    "object-src 'none'";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 9110 §13.1.2: a list of entity tags or "*", compared weakly (a W/ prefix is ignored).
bool none_match_hits(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    auto tag = trim(header.substr(0, comma));
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

http::Response serve(const EmbeddedAsset& asset, const http::Request& request) {
  http::Response response;
  if (none_match_hits(request.if_none_match, asset.etag)) {
    response = http::Response::empty(304);
  } else {
    response = http::Response{200, std::string(asset.media_type), std::string(asset.content), {}};
  }
  response.headers.emplace_back("ETag", std::string(asset.etag));
  response.headers.emplace_back("Cache-Control", std::string(kCacheControl));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  const bool ui = starts_with(asset.route, kUiPrefix);
  const bool html = starts_with(asset.media_type, "text/html");
  if (asset.route == "/docs" || (ui && html)) {
    response.headers.emplace_back("Content-Security-Policy",
                                  std::string(ui ? kUiPagePolicy : kPagePolicy));
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
  if (ui && html) response.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  return response;
}

}  // namespace

bool is_page_route(std::string_view path) {
  return starts_with(path, kDocsPrefix) || starts_with(path, kUiPrefix);
}

void add_docs_routes(http::Router& router) {
  for (const auto& asset : embedded_assets()) {
    router.add("GET", std::string(asset.route),
               [&asset](const http::Request& request) { return serve(asset, request); });
  }
}

}  // namespace authlens::app
