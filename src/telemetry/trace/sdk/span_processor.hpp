#pragma once
// The SDK spec's SpanProcessor: sees each finished sampled span, on the thread that ended it.
#include <chrono>
#include <cstdint>

#include "telemetry/trace/sdk/span_exporter.hpp"

namespace authlens::trace {

struct ProcessorStats {
  std::uint64_t exported = 0;
  std::uint64_t dropped = 0;    // queue full or after shutdown
  std::uint64_t failed = 0;     // exporter gave up (after its retries)
  std::uint64_t cpu_nanos = 0;  // CPU time of the processor's own threads
};

class SpanProcessor {
 public:
  virtual ~SpanProcessor() = default;
  // Runs on request threads: must be cheap and must never block on I/O.
  virtual void on_end(SpanDataPtr span) noexcept = 0;
  virtual bool force_flush(std::chrono::milliseconds timeout) = 0;
  virtual void shutdown(std::chrono::milliseconds timeout) = 0;
  virtual ProcessorStats stats() const { return {}; }
};

}  // namespace authlens::trace
