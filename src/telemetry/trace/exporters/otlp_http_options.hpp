#pragma once
// Settings of the OTLP/HTTP trace exporter (OTEL_EXPORTER_OTLP_* in the spec).
#include <chrono>
#include <string>

#include "telemetry/trace/sdk/key_value_list.hpp"

namespace authlens::trace {

enum class OtlpProtocol { kHttpProtobuf, kHttpJson };

struct OtlpHttpOptions {
  std::string url = "http://localhost:4318/v1/traces";
  OtlpProtocol protocol = OtlpProtocol::kHttpProtobuf;
  KeyValueList headers;  // may hold credentials: never logged, never put in spans
  bool gzip = false;
  std::chrono::milliseconds timeout{10000};  // per export, retries included
  // Exponential back-off between retries: initial, doubled per attempt up to max, with jitter.
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{5000};
};

}  // namespace authlens::trace
