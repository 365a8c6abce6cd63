#include "http/router.hpp"

namespace authlens::http {

int Router::add(std::string method, std::string path, Handler handler, Execution execution) {
  const int id = static_cast<int>(routes_.size());
  routes_.push_back(Route{std::move(method), std::move(path), std::move(handler), execution, id});
  return id;
}

// A linear scan: a dozen routes compare faster than any hash of the path. HEAD is answered by
// the GET route of the path (RFC 9110 §9.3.2: the same header, no body) unless one is its own.
Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  const Route* get = nullptr;
  for (const auto& route : routes_) {
    if (route.path != path) continue;
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
