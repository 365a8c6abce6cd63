#pragma once
// GET /openapi.json, GET /docs (Swagger UI, with its scripts and styles under /docs/…) and the
// hosted pages under /ui/ (sign-up, sign-in, account), all from the embedded assets, with an
// ETag, Cache-Control and 304 on a matching If-None-Match.
#include <string_view>

#include "http/router.hpp"

namespace authlens::app {

void add_docs_routes(http::Router& router);

// The pages and their own files (scripts, styles, icon): routes that serve pages, not API
// operations, so the OpenAPI document does not list them.
bool is_page_route(std::string_view path);

}  // namespace authlens::app
