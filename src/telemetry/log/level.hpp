#pragma once
// Log severities and output formats, and their spelling in configuration and output.
#include <optional>
#include <string_view>

namespace authlens::log {

enum class Level { kDebug, kInfo, kWarn, kError };
enum class Format { kJson, kText };

// Parses AUTHLENS_LOG_LEVEL ("debug|info|warn|error", case-insensitive; "warning" too).
std::optional<Level> parse_level(std::string_view text) noexcept;
// Parses AUTHLENS_LOG_FORMAT ("json|text", case-insensitive).
std::optional<Format> parse_format(std::string_view text) noexcept;

// "debug", "info", "warn", "error": the JSON `level` value.
std::string_view level_name(Level level) noexcept;
// "DEBUG", "INFO ", "WARN ", "ERROR": padded so text lines align.
std::string_view level_label(Level level) noexcept;

}  // namespace authlens::log
