#include "http/router.hpp"

#include <algorithm>

namespace authlens::http {

bool matches_template(std::string_view path_template, std::string_view path) noexcept {
  while (true) {
    const auto t_end = path_template.find('/');
    const auto p_end = path.find('/');
    const auto t = path_template.substr(0, t_end);
    const auto p = path.substr(0, p_end);
    const bool any = t.size() >= 2 && t.front() == '{' && t.back() == '}';
    if (any ? p.empty() : t != p) return false;
    if (t_end == std::string_view::npos || p_end == std::string_view::npos) return t_end == p_end;
    path_template.remove_prefix(t_end + 1);
    path.remove_prefix(p_end + 1);
  }
}

std::string_view last_segment(std::string_view path) noexcept {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

int Router::add(std::string method, std::string path, Handler handler, Execution execution) {
  const int id = static_cast<int>(routes_.size());
  const bool templated = path.find('{') != std::string::npos;
  routes_.push_back(
      Route{std::move(method), std::move(path), std::move(handler), execution, id, templated});
  return id;
}

// A linear scan: a dozen routes compare faster than any hash of the path. HEAD is answered by
// the GET route of the path (RFC 9110 §9.3.2: the same header, no body) unless one is its own.
Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  const Route* get = nullptr;
  // A path some route names literally is that route's alone: /me/passkeys/options is not an
  // {id} of /me/passkeys/{id}. Looked up only when a template matches (rare on the hot path).
  int literal = -1;  // unknown
  const auto named_literally = [&] {
    if (literal < 0)
      literal = std::any_of(routes_.begin(), routes_.end(),
                            [&](const Route& r) { return !r.templated && r.path == path; });
    return literal == 1;
  };
  for (const auto& route : routes_) {
    if (route.templated ? !matches_template(route.path, path) || named_literally()
                        : route.path != path)
      continue;
    if (route.method == method) {
      result.route = &route;
      return result;
    }
    if (route.method == "GET") get = &route;
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += route.method;
  }
  if (get != nullptr) {
    if (method == "HEAD") {
      result.route = get;
      result.allow.clear();
      return result;
    }
    result.allow += ", HEAD";
  }
  return result;
}

}  // namespace authlens::http
