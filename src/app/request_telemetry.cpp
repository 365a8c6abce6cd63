#include "app/request_telemetry.hpp"

#include <chrono>
#include <string>

#include "telemetry/log/logger.hpp"
#include "telemetry/metrics/metrics.hpp"
#include "telemetry/trace/runtime_context.hpp"
#include "telemetry/trace/semconv.hpp"
#include "telemetry/trace/traceparent.hpp"
#include "telemetry/trace/tracer.hpp"

namespace authlens::app {

namespace semconv = trace::semconv;

namespace {
// url.scheme, server.address and server.port of the server a request came to, encoded once per
// thread and server (a thread serves one listener, or alternates between a few).
const trace::SpanAttributes& server_attributes(std::string_view address, unsigned short port) {
  struct Cached {
    bool made = false;
    std::string address;
    unsigned short port = 0;
    trace::SpanAttributes attributes;
  };
  thread_local Cached cached;
  if (!cached.made || cached.port != port || cached.address != address) {
    cached.address.assign(address);
    cached.port = port;
    cached.attributes = trace::SpanAttributes();
    const trace::AttributeArg constant[] = {
        {semconv::kUrlScheme, "http"},
        {semconv::kServerAddress, std::string_view(cached.address)},
        {semconv::kServerPort, static_cast<std::int64_t>(port)},
    };
    cached.attributes.set_all(constant, trace::kMaxAttributesPerSpan);
    cached.made = true;
  }
  return cached.attributes;
}

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
  ServerRequestScope(RequestTelemetry& owner, const http::RequestInfo& info)
      : owner_(owner),
        method_(info.method),
        path_(info.path),
        start_(std::chrono::steady_clock::now()) {
    trace::SpanStartOptions options;
    options.kind = trace::SpanKind::kServer;
    if (auto parent = trace::extract_trace_context(info.traceparent, info.tracestate)) {
      options.parent = std::move(*parent);
    } else {
      options.new_root = true;  // an invalid or absent traceparent starts a new trace
    }
    // The stable HTTP server attributes known at the start, set as the span is created: the
    // server's own (scheme, address, port) from a block encoded once, then the request's.
    options.constant_attributes = &server_attributes(info.server_address, info.server_port);
    const trace::AttributeArg protocol{semconv::kNetworkProtocolVersion,
                                       info.version == 10 ? "1.0" : "1.1"};
    const bool agent = !info.user_agent.empty();
    const trace::AttributeArg attributes[] = {
        {semconv::kHttpRequestMethod, info.method},
        {semconv::kUrlPath, info.path},
        {semconv::kClientAddress, info.client_address},
        agent ? trace::AttributeArg{semconv::kUserAgentOriginal, info.user_agent} : protocol,
        protocol,
    };
    options.attributes = std::span(attributes, agent ? 5 : 4);
    span_ = owner_.tracer_.start_span(info.method, options);
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

  const trace::SpanContext& context() const override { return span_->context(); }

  void finish(http::Response& response) override {
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
      owner_.metrics_->observe_request(id, response.status, seconds);
      owner_.metrics_->request_finished();
    }
    const auto& context = span_->context();
    if (context.is_valid()) {
      static_assert(sizeof response.traceparent == trace::kTraceparentLength);
      trace::write_traceparent(context, response.traceparent.data());
      response.has_traceparent = true;
    }
    if (owner_.logger_.enabled(log::Level::kInfo)) {
      trace::ContextScope active(context);
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

 private:
  RequestTelemetry& owner_;
  std::string_view method_;  // views into the request, which outlives this scope
  std::string_view path_;
  std::chrono::steady_clock::time_point start_;
  std::shared_ptr<trace::Span> span_;
  const http::Route* route_ = nullptr;
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

std::unique_ptr<http::RequestScope> RequestTelemetry::start(const http::RequestInfo& info) {
  return std::make_unique<ServerRequestScope>(*this, info);
}

}  // namespace authlens::app
