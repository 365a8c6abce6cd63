#include "http/router.hpp"

namespace authlens::http {

int Router::add(std::string method, std::string path, Handler handler, Execution execution) {
  const int id = static_cast<int>(routes_.size());
  routes_.push_back(Route{std::move(method), std::move(path), std::move(handler), execution, id});
  return id;
}

// A linear scan: a dozen routes compare faster than any hash of the path.
Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  for (const auto& route : routes_) {
    if (route.path != path) continue;
    if (route.method == method) {
      result.route = &route;
      return result;
    }
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += route.method;
  }
  return result;
}

}  // namespace authlens::http
