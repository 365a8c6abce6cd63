#include "app/admin_routes.hpp"

#include <sodium.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <string>

#include "http/problem.hpp"
#include "telemetry/metrics/openmetrics.hpp"
#include "telemetry/viewer/recent_traces.hpp"

namespace authlens::app {
namespace {

http::Response ok_status() { return http::Response::json(200, R"({"status":"ok"})"); }

std::string query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name && eq != std::string_view::npos)
      return std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The token compared in constant time: both sides hashed to a fixed length first, so neither the
// comparison nor the token's length shows in the time an answer takes.
class TokenCheck {
 public:
  explicit TokenCheck(const std::string& token) : expected_(digest(token)) {}
  bool accepts(std::string_view authorization) const {
    constexpr std::string_view kScheme = "bearer ";
    if (authorization.size() <= kScheme.size()) return false;
    for (std::size_t i = 0; i < kScheme.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return false;
    const auto presented = digest(authorization.substr(kScheme.size()));
    return sodium_memcmp(presented.data(), expected_.data(), presented.size()) == 0;
  }

 private:
  using Digest = std::array<unsigned char, crypto_generichash_BYTES>;
  static Digest digest(std::string_view text) {
    Digest out{};
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), nullptr, 0);
    return out;
  }
  Digest expected_;
};

// `handler` behind the token, when there is one.
http::Handler guarded(const std::optional<std::string>& token, http::Handler handler) {
  if (!token) return handler;
  return [check = TokenCheck(*token), handler = std::move(handler)](const http::Request& request) {
    if (check.accepts(request.authorization)) return handler(request);
    auto refusal = http::problem(401, "unauthorized", "This needs the admin token.");
    refusal.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"authlens-admin\"");
    return refusal;
  };
}

http::Response html_page(std::string html) {
  http::Response response{200, "text/html; charset=utf-8", std::move(html), {}};
  response.headers.emplace_back("Content-Security-Policy", kViewerPagePolicy);
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  return response;
}

}  // namespace

void add_admin_routes(http::Router& router, AdminSources sources) {
  router.add("GET", "/healthz", [](const http::Request&) { return ok_status(); });
  router.add("GET", "/readyz", [ready = sources.database_ready](const http::Request&) {
    if (ready()) return ok_status();
    return http::problem(503, "unavailable", "The database does not answer.");
  });
  if (sources.render_metrics) {
    static const std::optional<std::string> kOpen;
    router.add("GET", "/metrics",
               guarded(sources.metrics_need_token ? sources.token : kOpen,
                       [render = sources.render_metrics](const http::Request& request) {
                         const bool openmetrics = metrics::accepts_openmetrics(request.accept);
                         http::Response response{
                             200,
                             std::string(openmetrics ? metrics::kOpenMetricsContentType
                                                     : metrics::kPrometheusTextContentType),
                             render(openmetrics ? metrics::Metrics::Format::kOpenMetrics
                                                : metrics::Metrics::Format::kPrometheusText),
                             {}};
                         // Caches must not hand one format's answer to a client that asked for the
                         // other.
                         response.headers.emplace_back("Vary", "Accept");
                         return response;
                       }));
  }
  if (sources.traces != nullptr) {
    auto* traces = sources.traces;
    router.add("GET", "/debug/traces",
               guarded(sources.token, [traces](const http::Request& request) {
                 const auto trace_id = query_param(request.query, "trace_id");
                 if (!trace_id.empty()) return html_page(traces->render_trace_html(trace_id));
                 viewer::RecentTraces::IndexFilter filter;
                 if (const auto route = percent_decode(query_param(request.query, "route"));
                     !route.empty())
                   filter.route = route;
                 // status=5xx (or 5): one class of HTTP status codes; anything else shows all.
                 const auto status = query_param(request.query, "status");
                 if (!status.empty() && status[0] >= '1' && status[0] <= '5')
                   filter.status_class = status[0] - '0';
                 const auto min_ms = query_param(request.query, "min_ms");
                 if (!min_ms.empty()) {
                   char* end = nullptr;
                   const double value = std::strtod(min_ms.c_str(), &end);
                   if (end == min_ms.c_str() + min_ms.size() && value > 0 && value < 1e9)
                     filter.min_ms = value;
                 }
                 return html_page(traces->render_index_html(filter));
               }));
    router.add("GET", "/debug/traces.json", guarded(sources.token, [traces](const http::Request&) {
                 return http::Response::json(200, traces->render_json());
               }));
  }
}

}  // namespace authlens::app
