#pragma once
// The attribute keys authlens sets, from the OpenTelemetry semantic conventions (stable HTTP,
// database, server/client, network, error) plus authlens's own: compile-time constants, so a
// span stores a view of them and no copy (attributes.hpp). Every key a span gets is named here,
// so the same thing keeps one name across spans.
#include "telemetry/trace/api/attributes.hpp"

namespace authlens::trace::semconv {

// HTTP server spans (semantic conventions: http.server, stable).
inline constexpr StaticKey kHttpRequestMethod{"http.request.method"};
inline constexpr StaticKey kHttpRoute{"http.route"};
inline constexpr StaticKey kHttpResponseStatusCode{"http.response.status_code"};
inline constexpr StaticKey kUrlPath{"url.path"};
inline constexpr StaticKey kUrlScheme{"url.scheme"};
inline constexpr StaticKey kServerAddress{"server.address"};
inline constexpr StaticKey kServerPort{"server.port"};
inline constexpr StaticKey kClientAddress{"client.address"};
inline constexpr StaticKey kUserAgentOriginal{"user_agent.original"};
inline constexpr StaticKey kNetworkProtocolVersion{"network.protocol.version"};
inline constexpr StaticKey kErrorType{"error.type"};

// Database client spans.
inline constexpr StaticKey kDbSystem{"db.system"};
inline constexpr StaticKey kDbOperationName{"db.operation.name"};

// The outbox worker's "mail deliver" CLIENT span (authlens's own; no semantic convention yet).
inline constexpr StaticKey kEmailKind{"email.kind"};  // the message's template, never its recipient
inline constexpr StaticKey kMailId{"mail.id"};
inline constexpr StaticKey kMailAttempt{"mail.attempt"};
inline constexpr StaticKey kMailOutcome{"mail.outcome"};  // sent, retry, rejected

// Why the in-process tail sampler kept a trace (on its local root only; authlens's own).
inline constexpr StaticKey kTailSamplingReason{"authlens.tail_sampling.reason"};

}  // namespace authlens::trace::semconv
