#include "store/postgres/pg_conninfo.hpp"

#include <string_view>
#include <vector>

namespace authlens::store::postgres {
namespace {

struct Param {
  std::string_view name;
  std::string value;
};

bool has_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto param = query.substr(0, amp);
    if (param.substr(0, param.find('=')) == name) return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

std::string ms(std::chrono::milliseconds value) { return std::to_string(value.count()); }

}  // namespace

std::string bounded_conninfo(const std::string& uri, const PgTimeouts& timeouts,
                             std::chrono::milliseconds store_timeout) {
  const auto q = uri.find('?');
  const std::string base = uri.substr(0, q);
  const std::string query = q == std::string::npos ? std::string() : uri.substr(q + 1);

  // libpq reads these only for TCP connections; on a Unix socket they are harmless.
  const std::vector<Param> params = {
      {"keepalives", "1"},
      {"keepalives_idle", std::to_string(timeouts.keepalive_idle.count())},
      {"keepalives_interval", std::to_string(timeouts.keepalive_interval.count())},
      {"keepalives_count", std::to_string(timeouts.keepalive_count)},
      {"tcp_user_timeout", ms(timeouts.tcp_user_timeout)},
  };
  std::vector<std::string> parts;

  // Percent-encoded: a space is %20 and '=' is %3D inside a URI parameter's value. A transaction
  // left open by a replica that froze holds its locks until the server ends it.
  const auto idle_in_tx = store_timeout + std::chrono::seconds(1);
  std::string options = "-c%20statement_timeout%3D" + ms(timeouts.statement) +
                        "%20-c%20lock_timeout%3D" + ms(timeouts.lock) +
                        "%20-c%20idle_in_transaction_session_timeout%3D" + ms(idle_in_tx);
  std::string_view rest = query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto param = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (param.starts_with("options=")) {
      options += "%20" + std::string(param.substr(8));  // later -c settings override ours
    } else if (!param.empty()) {
      parts.emplace_back(param);
    }
  }
  for (const auto& p : params)
    if (!has_param(query, p.name)) parts.push_back(std::string(p.name) + "=" + p.value);
  parts.push_back("options=" + options);
  std::string out = base;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "?" : "&") + parts[i];
  return out;
}

}  // namespace authlens::store::postgres
