#pragma once
// Something that keeps finished spans in memory (the viewer's RecentTraces, test collectors).
// An interface here so the SDK does not depend on the viewer.
#include "telemetry/trace/sdk/span_exporter.hpp"

namespace authlens::trace {

class SpanSink {
 public:
  virtual ~SpanSink() = default;
  // Called on the thread that ended the span: keep it cheap (no I/O).
  virtual void add(SpanDataPtr span) = 0;
};

}  // namespace authlens::trace
