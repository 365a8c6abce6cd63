#include "store/postgres/pg_reason.hpp"

#include <array>

namespace authlens::store::postgres {
namespace {

bool sqlstate_char(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

}  // namespace

std::string pg_reason(std::string_view message) {
  auto line = message.substr(0, message.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  // The server's part follows its severity; libpq may put its own words before it ("connection
  // to server on socket … failed: FATAL:  …").
  static constexpr std::array<std::string_view, 3> kSeverities = {
      "FATAL:  ", "ERROR:  ", "PANIC:  "};
  std::size_t at = std::string_view::npos;
  std::size_t marker = 0;
  for (const auto severity : kSeverities) {
    const auto found = line.rfind(severity);
    if (found != std::string_view::npos && (at == std::string_view::npos || found > at)) {
      at = found;
      marker = severity.size();
    }
  }
  if (at == std::string_view::npos) return std::string(line);
  auto rest = line.substr(at + marker);
  if (rest.size() > 7 && rest[5] == ':' && rest[6] == ' ') {
    bool code = true;
    for (std::size_t i = 0; i < 5; ++i) code = code && sqlstate_char(rest[i]);
    if (code)
      return "SQLSTATE " + std::string(rest.substr(0, 5)) + ": " + std::string(rest.substr(7));
  }
  return std::string(rest);
}

}  // namespace authlens::store::postgres
