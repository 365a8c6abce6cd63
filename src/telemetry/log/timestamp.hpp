#pragma once
// RFC 3339 UTC timestamps with milliseconds, as every log line starts with.
#include <chrono>
#include <cstddef>

namespace authlens::log {

inline constexpr std::size_t kTimestampLength = 24;  // "2026-11-25T12:00:00.123Z"

// Writes exactly kTimestampLength characters at `out` (no terminator).
void write_timestamp(char* out, std::chrono::system_clock::time_point when) noexcept;

}  // namespace authlens::log
