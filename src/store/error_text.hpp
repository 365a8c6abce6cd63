#pragma once
// Database error messages may carry bound values on later lines (PostgreSQL's "DETAIL: Key
// (email)=(…)"), and addresses must never reach logs or spans: keep only the first line.
#include <string>
#include <string_view>

namespace authlens::store {

inline std::string first_line(std::string_view message) {
  const auto end = message.find('\n');
  return std::string(message.substr(0, end));
}

}  // namespace authlens::store
