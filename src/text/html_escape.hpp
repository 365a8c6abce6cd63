#pragma once
// Escapes text for HTML element content and quoted attribute values. Shared by the mail
// templates and the trace viewer, the two places that write HTML.
#include <string>
#include <string_view>

namespace authlens::text {

inline std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace authlens::text
