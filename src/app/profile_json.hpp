#pragma once
// The GET /me body, written directly: {"created_at":"<RFC 3339>","email":…,
// "recovery_codes_left":n,"totp_enabled":…,"verified":true}. The bytes nlohmann::json produced for
// the same object (keys in its sorted order), at a tenth of the instructions: building, dumping
// and freeing a JSON tree was a third of a GET /me. Every account is verified (an address proves
// itself before its account exists); the field stays for clients that read it.
#include <cstdint>
#include <string>
#include <string_view>

namespace authlens::app {

std::string profile_json(std::string_view email, std::int64_t created_at_unix, bool totp_enabled,
                         int recovery_codes_left);

// "2026-11-25T12:00:00Z" (UTC, whole seconds).
std::string rfc3339_utc(std::int64_t unix_seconds);

}  // namespace authlens::app
