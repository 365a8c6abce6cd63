#include "telemetry/log/text_value.hpp"

#include <cstdint>

#include "text/json_escape.hpp"

namespace authlens::log {
namespace {

bool is_bare_token(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char ch : text) {
    const auto c = static_cast<std::uint8_t>(ch);
    if (c <= 0x20 || c >= 0x7F || ch == '"' || ch == '=' || ch == '\\') return false;
  }
  return true;
}

}  // namespace

void append_text_value(std::string& out, std::string_view text) {
  if (is_bare_token(text)) {
    out.append(text);
    return;
  }
  text::append_json_string(out, text);
}

}  // namespace authlens::log
