#pragma once
// The tracing SDK's settings as the OTEL_* environment variables give them, validated.
#include <vector>

#include "telemetry/trace/exporters/otlp_http_options.hpp"
#include "telemetry/trace/sdk/batch_options.hpp"
#include "telemetry/trace/sdk/getenv.hpp"

namespace authlens::trace {

enum class ExporterKind { kOtlp, kConsole };
enum class SamplerKind {
  kAlwaysOn,
  kAlwaysOff,
  kTraceIdRatio,
  kParentBasedAlwaysOn,
  kParentBasedAlwaysOff,
  kParentBasedTraceIdRatio
};

struct SdkConfig {
  bool disabled = false;
  std::vector<ExporterKind> exporters{ExporterKind::kOtlp};  // empty for "none"
  OtlpHttpOptions otlp;
  SamplerKind sampler = SamplerKind::kParentBasedAlwaysOn;
  double sampler_ratio = 1.0;
  BatchOptions batch;
};

// Throws ConfigError naming the variable for a value the spec does not allow (or that we do not
// support, like the grpc protocol).
SdkConfig read_sdk_config(const Getenv& getenv);

}  // namespace authlens::trace
