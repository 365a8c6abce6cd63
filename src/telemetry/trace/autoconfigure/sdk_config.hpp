#pragma once
// The tracing SDK's settings as the OTEL_* environment variables give them, validated.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/trace/exporters/otlp_http_options.hpp"
#include "telemetry/trace/sdk/batch_options.hpp"
#include "telemetry/trace/sdk/getenv.hpp"
#include "telemetry/trace/sdk/tail_sampling_processor.hpp"

namespace authlens::trace {

enum class ExporterKind { kOtlp, kConsole };
enum class SamplerKind {
  kAlwaysOn,
  kAlwaysOff,
  kTraceIdRatio,
  kParentBasedAlwaysOn,
  kParentBasedAlwaysOff,
  kParentBasedTraceIdRatio,
  kAuthlensTail  // record everything, decide per trace when its root ends
};

struct SdkConfig {
  bool disabled = false;
  std::vector<ExporterKind> exporters{ExporterKind::kOtlp};  // empty for "none"
  OtlpHttpOptions otlp;
  SamplerKind sampler = SamplerKind::kParentBasedAlwaysOn;
  double sampler_ratio = 1.0;
  BatchOptions batch;
  TailSamplingOptions tail;  // AUTHLENS_TAIL_SAMPLE_RATIO, AUTHLENS_TAIL_LATENCY_MS
};

// Throws ConfigError naming the variable for a value the spec does not allow (or that we do not
// support, like the grpc protocol).
SdkConfig read_sdk_config(const Getenv& getenv);

enum class OtlpSignal { kTraces, kLogs, kMetrics };
// One signal's OTLP/HTTP exporter settings: OTEL_EXPORTER_OTLP_{TRACES,LOGS,METRICS}_* over
// OTEL_EXPORTER_OTLP_*; the general endpoint gets the signal's path (v1/traces, v1/logs,
// v1/metrics), the signal's own is used as it is. Throws ConfigError as read_sdk_config does.
OtlpHttpOptions read_otlp_http_options(const Getenv& getenv, OtlpSignal signal);

// For the other signals' settings, read the same way. A variable's trimmed value when set and
// not empty (the spec treats empty as unset):
std::optional<std::string> read_env(const Getenv& getenv, std::string_view name);
// A non-negative integer; throws ConfigError naming the variable for anything else.
std::optional<std::uint64_t> read_env_count(const Getenv& getenv, std::string_view name);
// An OTEL_*_EXPORTER comma list, lower-cased, without "none" and repeats; `unset` when the
// variable is not set. Throws ConfigError for a name not in `known`.
std::vector<std::string> read_exporter_list(const Getenv& getenv, std::string_view variable,
                                            std::initializer_list<std::string_view> known,
                                            std::vector<std::string> unset);

}  // namespace authlens::trace
