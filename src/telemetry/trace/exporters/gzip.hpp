#pragma once
// gzip (RFC 1952) for OTEL_EXPORTER_OTLP_COMPRESSION=gzip.
#include <optional>
#include <string>
#include <string_view>

namespace authlens::trace {

std::optional<std::string> gzip_compress(std::string_view data);

}  // namespace authlens::trace
