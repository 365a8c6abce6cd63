#pragma once
// A request path as telemetry keeps it (the span's url.path, the access log's url.path): a client
// chooses the path, so it is cut to kMaxUrlPathBytes (a 7 KB path on a 404 no longer fills a log
// line), and a segment that looks like a credential (a long base64url or hex run, such as a token
// pasted into a URL) is replaced by kRedactedSegment rather than kept whole.
#include <cstddef>
#include <string>
#include <string_view>

namespace authlens::telemetry {

inline constexpr std::size_t kMaxUrlPathBytes = 256;
inline constexpr std::string_view kRedactedSegment = "[redacted]";
// A run of this many base64url characters with a digit, or with both upper and lower case
// letters, is taken for a token (session tokens are 43, hex ids 32); words and route names
// ("recovery-codes") are not.
inline constexpr std::size_t kTokenRunLength = 20;

// `path` itself when it needs neither cut nor redaction (the usual case, no copy), else the
// safe form written into `buffer`. Longer than the limit: cut at a UTF-8 boundary, ending "...".
std::string_view loggable_url_path(std::string_view path, std::string& buffer);

}  // namespace authlens::telemetry
