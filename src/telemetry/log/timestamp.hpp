#pragma once
// RFC 3339 UTC timestamps with milliseconds, as every log line starts with.
#include <chrono>
#include <string>

namespace authlens::log {

// Appends e.g. "2026-11-25T12:00:00.123Z".
void append_timestamp(std::string& out, std::chrono::system_clock::time_point when);

}  // namespace authlens::log
