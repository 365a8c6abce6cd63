#include "store/store_url.hpp"

#include <charconv>
#include <string_view>

#include "store/store.hpp"

namespace authlens::store {
namespace {

constexpr std::string_view kSqlite = "sqlite://";
constexpr std::string_view kPoolParam = "pool_size=";
constexpr int kMaxPool = 64;

int parse_pool_size(std::string_view text) {
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < 1 || n > kMaxPool) {
    throw StoreError("database URL: pool_size must be an integer from 1 to 64");
  }
  return n;
}

// libpq rejects query parameters it does not know, so ours is taken out before connecting.
PostgresTarget parse_postgres(const std::string& url) {
  PostgresTarget target;
  const auto q = url.find('?');
  if (q == std::string::npos) {
    target.conninfo = url;
    return target;
  }
  std::string kept;
  std::string_view rest = std::string_view(url).substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view param = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (param.starts_with(kPoolParam)) {
      target.pool_size = parse_pool_size(param.substr(kPoolParam.size()));
    } else if (!param.empty()) {
      kept += kept.empty() ? "" : "&";
      kept += param;
    }
  }
  target.conninfo = url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
  return target;
}

}  // namespace

std::variant<SqliteTarget, PostgresTarget> parse_store_url(const std::string& url) {
  if (url.starts_with(kSqlite)) {
    SqliteTarget target{url.substr(kSqlite.size())};
    if (target.path.empty()) throw StoreError("database URL: sqlite:// needs a file path");
    target.in_memory = target.path == ":memory:";
    return target;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return parse_postgres(url);
  }
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    throw StoreError("database URL: expected sqlite://PATH or postgresql://… (no scheme given)");
  }
  throw StoreError("database URL: unsupported scheme \"" + url.substr(0, scheme_end) +
                   "\" (expected sqlite or postgresql)");
}

}  // namespace authlens::store
