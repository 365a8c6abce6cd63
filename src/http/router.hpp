#pragma once
// Routes by method and path template. A template is a literal path whose segments may be
// `{name}`, matching any one non-empty segment (`/me/sessions/{id}`); the template, not the raw
// path, is what telemetry labels by, so metric cardinality stays bounded.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace authlens::http {

// Where a handler runs: inline on the I/O thread (cheap, non-blocking work) or on the bounded
// worker pool (password hashing and anything else slow).
enum class Execution { kInline, kPool };

using Handler = std::function<Response(const Request&)>;

struct Route {
  std::string method;
  std::string path;  // the template
  Handler handler;
  Execution execution = Execution::kInline;
  int id = 0;              // dense index, for per-route telemetry tables
  bool templated = false;  // has a {name} segment
};

// Whether `path` fits `path_template` (segment by segment, `{name}` matching any one).
bool matches_template(std::string_view path_template, std::string_view path) noexcept;
// The last segment of a path (what a `/…/{id}` route's handler reads its id from).
std::string_view last_segment(std::string_view path) noexcept;

class Router {
 public:
  int add(std::string method, std::string path, Handler handler,
          Execution execution = Execution::kInline);

  struct Match {
    const Route* route = nullptr;  // null: 404 or 405
    std::string allow;             // for 405: the methods the path accepts (HEAD with GET)
  };
  Match match(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const noexcept { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace authlens::http
