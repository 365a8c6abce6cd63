#pragma once
// The one seam where every request starts and ends, for tracing, metrics and the access log.
// The server depends on this interface only; the app plugs telemetry in (Envoy style), and a
// null Instrumentation costs nothing.
#include <memory>
#include <string_view>

#include "http/message.hpp"
#include "http/router.hpp"
#include "telemetry/trace/span_context.hpp"

namespace authlens::http {

struct RequestInfo {
  std::string_view method;
  std::string_view path;
  std::string_view traceparent;
  std::string_view tracestate;
  std::string_view user_agent;
  std::string_view client_address;
  unsigned short client_port = 0;
  std::string_view server_address;
  unsigned short server_port = 0;
  unsigned version = 11;  // 10 or 11
};

class RequestScope {
 public:
  virtual ~RequestScope() = default;
  virtual void routed(const Route* route) = 0;  // null when no route matched
  // The context to activate on whichever thread runs the handler.
  virtual const trace::SpanContext& context() const = 0;
  // Records the outcome and sets the response's traceparent.
  virtual void finish(Response& response) = 0;
};

class Instrumentation {
 public:
  virtual ~Instrumentation() = default;
  virtual std::unique_ptr<RequestScope> start(const RequestInfo& info) = 0;
};

}  // namespace authlens::http
