#pragma once
// The GET /me body, written directly: {"created_at":"<RFC 3339>","email":…,"verified":…}. The
// bytes nlohmann::json produced for the same object (keys in its sorted order), at a tenth of the
// instructions: building, dumping and freeing a JSON tree was a third of a GET /me.
#include <cstdint>
#include <string>
#include <string_view>

namespace authlens::app {

std::string profile_json(std::string_view email, bool verified, std::int64_t created_at_unix);

// "2026-11-25T12:00:00Z" (UTC, whole seconds).
std::string rfc3339_utc(std::int64_t unix_seconds);

}  // namespace authlens::app
