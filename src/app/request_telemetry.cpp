#include "app/request_telemetry.hpp"

#include <chrono>
#include <string>

#include "telemetry/log/logger.hpp"
#include "telemetry/metrics/metrics.hpp"
#include "telemetry/trace/api/context.hpp"
#include "telemetry/trace/api/semconv.hpp"
#include "telemetry/trace/api/traceparent.hpp"
#include "telemetry/trace/api/tracer.hpp"
#include "telemetry/url_path.hpp"

namespace authlens::app {

namespace semconv = trace::semconv;

namespace {
// A routed server span's name (semantic conventions: "{method} {http.route}").
std::string span_name(const http::Route& route) {
  std::string name;
  name.reserve(route.method.size() + 1 + route.path.size());
  name.append(route.method).append(" ").append(route.path);
  return name;
}
}  // namespace

class ServerRequestScope final : public http::RequestScope {
 public:
  ServerRequestScope(RequestTelemetry& owner, const http::RequestView& request)
      : owner_(owner),
        method_(request.method),
        path_(telemetry::loggable_url_path(request.path, path_buffer_)),
        start_(std::chrono::steady_clock::now()) {
    trace::SpanStartOptions options;
    options.kind = trace::SpanKind::kServer;
    // tracestate is looked up only under a traceparent: without one it has no meaning.
    const std::string_view traceparent = request.header("traceparent");
    if (auto parent = traceparent.empty() ? std::nullopt
                                          : trace::extract_trace_context(
                                                traceparent, request.header("tracestate"))) {
      options.parent = std::move(*parent);
    } else {
      options.new_root = true;  // an invalid or absent traceparent starts a new trace
    }
    // The stable HTTP server attributes known at the start, set as the span is created.
    const std::string_view user_agent = request.header("user-agent");
    const trace::AttributeArg protocol{semconv::kNetworkProtocolVersion,
                                       request.version == 10 ? "1.0" : "1.1"};
    const bool agent = !user_agent.empty();
    const trace::AttributeArg attributes[] = {
        {semconv::kUrlScheme, "http"},
        {semconv::kServerAddress, request.server_address},
        {semconv::kServerPort, static_cast<std::int64_t>(request.server_port)},
        {semconv::kHttpRequestMethod, request.method},
        {semconv::kUrlPath, path_},
        {semconv::kClientAddress, request.client_address},
        agent ? trace::AttributeArg{semconv::kUserAgentOriginal, user_agent} : protocol,
        protocol,
    };
    options.attributes = std::span(attributes, agent ? 8 : 7);
    span_ = owner_.tracer_.start_span(request.method, options);
    if (owner_.metrics_ != nullptr) owner_.metrics_->request_started();
  }

  void routed(const http::Route* route) override {
    route_ = route;
    if (route != nullptr && span_->is_recording()) {
      const auto id = static_cast<std::size_t>(route->id);
      if (id < owner_.span_names_.size()) {
        span_->update_name(owner_.span_names_[id]);
      } else {  // a route added after the telemetry was wired
        span_->update_name(span_name(*route));
      }
      span_->set_attribute(semconv::kHttpRoute, route->path);
    }
  }

  trace::Span& span() noexcept override { return *span_; }

  void finish(const http::Response& response) override {
    const auto elapsed = std::chrono::steady_clock::now() - start_;
    const double seconds = std::chrono::duration<double>(elapsed).count();
    if (span_->is_recording()) {
      span_->set_attribute(semconv::kHttpResponseStatusCode,
                           static_cast<std::int64_t>(response.status));
      if (response.status >= 500) {
        // Semantic conventions: 4xx is the client's error, so only 5xx marks a server span.
        const auto code = std::to_string(response.status);
        span_->set_attribute(semconv::kErrorType, code);
        span_->set_status(trace::StatusCode::kError, code);
      }
    }
    if (owner_.metrics_ != nullptr) {
      const auto id = route_ != nullptr ? owner_.route_ids_[static_cast<std::size_t>(route_->id)]
                                        : owner_.metrics_->unmatched_route(method_);
      // A sampled request's trace becomes its bucket's exemplar; an unsampled one is not kept
      // anywhere, so its id would lead nowhere.
      const auto& context = span_->context();
      if (context.is_sampled() && context.is_valid()) {
        const metrics::TraceRef trace{context.trace_id, context.span_id};
        owner_.metrics_->observe_request(id, response.status, seconds, &trace);
      } else {
        owner_.metrics_->observe_request(id, response.status, seconds);
      }
      owner_.metrics_->request_finished();
    }
    const auto& context = span_->context();
    if (context.is_valid()) {
      trace::write_traceparent(context, traceparent_);
      has_traceparent_ = true;
    }
    if (owner_.logger_.enabled(log::Level::kInfo)) {
      trace::ContextScope active(*span_);
      if (route_ != nullptr) {
        owner_.logger_.info("request", {{"http.request.method", method_},
                                        {"http.route", std::string_view(route_->path)},
                                        {"url.path", path_},
                                        {"http.response.status_code", response.status},
                                        {"duration_ms", elapsed}});
      } else {  // no route matched: no http.route, as on the span
        owner_.logger_.info("request", {{"http.request.method", method_},
                                        {"url.path", path_},
                                        {"http.response.status_code", response.status},
                                        {"duration_ms", elapsed}});
      }
    }
    span_->end();
  }

  http::ResponseHeader response_header() const noexcept override {
    if (!has_traceparent_) return {};
    return {"traceparent", std::string_view(traceparent_, sizeof traceparent_)};
  }

 private:
  RequestTelemetry& owner_;
  std::string path_buffer_;  // the path as kept, when it had to be cut or redacted
  std::string_view method_;  // views into the request (or path_buffer_), which outlive this scope
  std::string_view path_;
  std::chrono::steady_clock::time_point start_;
  std::shared_ptr<trace::Span> span_;
  const http::Route* route_ = nullptr;
  char traceparent_[trace::kTraceparentLength];
  bool has_traceparent_ = false;
};

RequestTelemetry::RequestTelemetry(trace::Tracer& tracer, metrics::Metrics* metrics,
                                   log::Logger& logger, const http::Router& router)
    : tracer_(tracer), metrics_(metrics), logger_(logger) {
  // Span names made once per route, not once per request.
  for (const auto& route : router.routes()) {
    const auto id = static_cast<std::size_t>(route.id);
    if (span_names_.size() <= id) span_names_.resize(id + 1);
    span_names_[id] = span_name(route);
  }
  if (metrics_ == nullptr) return;
  for (const auto& route : router.routes())
    route_ids_.push_back(metrics_->register_route(route.method, route.path));
}

std::unique_ptr<http::RequestScope> RequestTelemetry::start(const http::RequestView& request) {
  return std::make_unique<ServerRequestScope>(*this, request);
}

}  // namespace authlens::app
