#include "telemetry/log/level.hpp"

#include <algorithm>
#include <cctype>

namespace authlens::log {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<Level> parse_level(std::string_view text) noexcept {
  if (iequals(text, "debug")) return Level::kDebug;
  if (iequals(text, "info")) return Level::kInfo;
  if (iequals(text, "warn") || iequals(text, "warning")) return Level::kWarn;
  if (iequals(text, "error")) return Level::kError;
  return std::nullopt;
}

std::optional<Format> parse_format(std::string_view text) noexcept {
  if (iequals(text, "json")) return Format::kJson;
  if (iequals(text, "text")) return Format::kText;
  return std::nullopt;
}

std::string_view level_name(Level level) noexcept {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

std::string_view level_label(Level level) noexcept {
  switch (level) {
    case Level::kDebug:
      return "DEBUG";
    case Level::kInfo:
      return "INFO ";
    case Level::kWarn:
      return "WARN ";
    case Level::kError:
      return "ERROR";
  }
  return "INFO ";
}

}  // namespace authlens::log
