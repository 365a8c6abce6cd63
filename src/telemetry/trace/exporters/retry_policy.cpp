#include "telemetry/trace/exporters/retry_policy.hpp"

#include <curl/curl.h>

#include <charconv>
#include <string>

namespace authlens::trace {

bool is_retryable_http_status(long status) noexcept {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::time_t now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r' ||
                            value.back() == '\n'))
    value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  std::uint64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size())
    return std::chrono::milliseconds(std::min<std::uint64_t>(seconds, 86400) * 1000);
  const std::time_t when = curl_getdate(std::string(value).c_str(), nullptr);  // HTTP-date
  if (when < 0) return std::nullopt;
  return std::chrono::milliseconds(when > now ? (when - now) * 1000 : 0);
}

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds max, double jitter01) noexcept {
  auto base = initial;
  for (int i = 0; i < attempt && base < max; ++i) base *= 2;
  if (base > max) base = max;
  const auto half = base.count() / 2;
  return std::chrono::milliseconds(half + static_cast<long long>(jitter01 * (base.count() - half)));
}

}  // namespace authlens::trace
