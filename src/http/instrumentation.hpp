#pragma once
// The one seam where every request starts and ends, for tracing, metrics and the access log.
// The server depends on this interface only; the app plugs telemetry in (Envoy style), and a
// null Instrumentation costs nothing. The server hands the instrumentation a view of the request
// and the instrumentation takes what it needs (headers included) and owns whatever it keeps:
// the HTTP layer knows nothing of trace headers.
#include <memory>
#include <string_view>

#include "http/message.hpp"
#include "http/router.hpp"
#include "telemetry/trace/api/span.hpp"

namespace authlens::http {

// Valid while the request is being handled (until RequestScope::finish).
class RequestView {
 public:
  std::string_view method;
  std::string_view path;            // without the query
  std::string_view client_address;  // the peer, or what a trusted proxy says
  unsigned short client_port = 0;   // 0 when the address is a proxy's word
  std::string_view server_address;
  unsigned short server_port = 0;
  unsigned version = 11;  // 10 or 11

  // The value of the first header field of that name (any case), empty when absent.
  virtual std::string_view header(std::string_view name) const = 0;

 protected:
  ~RequestView() = default;
};

class RequestScope {
 public:
  virtual ~RequestScope() = default;
  virtual void routed(const Route* route) = 0;  // null when no route matched
  // The request's span: the server makes it the current span on whichever thread runs the
  // handler, so the domain can annotate it (trace::current_span()) or start children.
  virtual trace::Span& span() noexcept = 0;
  // Records the outcome (span, metrics, access log).
  virtual void finish(const Response& response) = 0;
  // Written with the response (the traceparent); valid while the scope lives.
  virtual ResponseHeader response_header() const noexcept = 0;
};

class Instrumentation {
 public:
  virtual ~Instrumentation() = default;
  virtual std::unique_ptr<RequestScope> start(const RequestView& request) = 0;
};

}  // namespace authlens::http
