#pragma once
// Header values as RFC 9110 writes them: optional whitespace (space, tab) around list items.
#include <string_view>

namespace authlens::http {

inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace authlens::http
