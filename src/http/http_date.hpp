#pragma once
// The Date header's value (RFC 9110 §5.6.7 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"): an
// origin server with a clock must send it on 2xx, 3xx and 4xx answers. Formatted once a second
// per thread, so a response pays a clock read and a comparison.
#include <ctime>
#include <string_view>

namespace authlens::http {

inline constexpr std::size_t kHttpDateSize = 29;

// Writes the IMF-fixdate of `seconds` since the epoch (UTC) into `out`.
void format_http_date(std::time_t seconds, char (&out)[kHttpDateSize]);

// Now, as an IMF-fixdate; valid on this thread until its next call.
std::string_view http_date_now();

}  // namespace authlens::http
