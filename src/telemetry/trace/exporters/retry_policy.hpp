#pragma once
// When and how long to wait before retrying an OTLP/HTTP export (OTLP spec, "Failures" and
// "Throttling"): only transient answers are retried, with exponential back-off and jitter, and
// the server's Retry-After wins when it gives one.
#include <chrono>
#include <ctime>
#include <optional>
#include <string_view>

namespace authlens::trace {

// 429, 502, 503, 504: the statuses OTLP/HTTP calls retryable.
bool is_retryable_http_status(long status) noexcept;

// Retry-After as delta-seconds or an HTTP-date (relative to `now`); nullopt when unparseable.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, std::time_t now);

// Delay before retry number `attempt` (0 for the first retry): initial * 2^attempt capped at max,
// then a uniformly random point in its upper half (`jitter01` in [0, 1)) so clients spread out.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds max, double jitter01) noexcept;

}  // namespace authlens::trace
