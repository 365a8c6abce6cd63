#include "telemetry/trace/json_escape.hpp"

#include "telemetry/trace/utf8.hpp"

namespace authlens::trace {

void append_json_string(std::string& out, std::string_view text) {
  std::string valid;
  if (!is_valid_utf8(text)) {
    append_utf8_sanitized(valid, text);
    text = valid;
  }
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out.append("\\u00");
          out.push_back(kHex[(c >> 4) & 0xf]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace authlens::trace
