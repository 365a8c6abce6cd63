#pragma once
// Files built into the binary (tools/embed_assets.py writes the definition at build time): the
// OpenAPI document and the /docs page with its renderer, so the service needs no files beside
// it and no outside server to show its own documentation.
#include <string_view>
#include <vector>

namespace authlens::app {

struct EmbeddedAsset {
  std::string_view route;       // the path that serves it, e.g. "/openapi.json"
  std::string_view media_type;  // Content-Type
  std::string_view content;
  std::string_view etag;  // a strong validator, quoted: "\"…\""
};

const std::vector<EmbeddedAsset>& embedded_assets();

}  // namespace authlens::app
