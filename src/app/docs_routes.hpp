#pragma once
// GET /openapi.json and GET /docs (Swagger UI, with its scripts and styles under /docs/…), all
// from the embedded assets, with an ETag, Cache-Control and 304 on a matching If-None-Match.
#include <string_view>

#include "http/router.hpp"

namespace authlens::app {

void add_docs_routes(http::Router& router);

// The page's own files (scripts, styles, icon): routes that serve the page, not API operations,
// so the OpenAPI document does not list them.
bool is_docs_page_asset(std::string_view path);

}  // namespace authlens::app
