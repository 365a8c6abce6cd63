#pragma once
// A tracer that keeps finished spans and a logger that writes to a temporary file, so tests can
// look at what the mail code reports.
#include <memory>
#include <mutex>
#include <vector>

#include "telemetry/log/capture_file.hpp"
#include "telemetry/trace/api/tracer.hpp"
#include "telemetry/trace/sdk/sampler.hpp"
#include "telemetry/trace/sdk/span_processor.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

namespace authlens::mail::testing {

class CapturingProcessor final : public trace::SpanProcessor {
 public:
  explicit CapturingProcessor(std::shared_ptr<std::vector<trace::SpanDataPtr>> sink,
                              std::shared_ptr<std::mutex> mu)
      : sink_(std::move(sink)), mu_(std::move(mu)) {}
  void on_end(trace::SpanDataPtr span) noexcept override {
    std::lock_guard lock(*mu_);
    sink_->push_back(std::move(span));
  }
  bool force_flush(std::chrono::milliseconds) override { return true; }
  void shutdown(std::chrono::milliseconds) override {}

 private:
  std::shared_ptr<std::vector<trace::SpanDataPtr>> sink_;
  std::shared_ptr<std::mutex> mu_;
};

struct TestTracer {
  std::shared_ptr<std::vector<trace::SpanDataPtr>> spans =
      std::make_shared<std::vector<trace::SpanDataPtr>>();
  std::shared_ptr<std::mutex> mu = std::make_shared<std::mutex>();
  std::shared_ptr<trace::TracerProvider> provider = make_provider();
  trace::Tracer& tracer = provider->tracer();

  std::vector<trace::SpanDataPtr> finished() const {
    std::lock_guard lock(*mu);
    return *spans;
  }

 private:
  std::shared_ptr<trace::TracerProvider> make_provider() {
    std::vector<std::unique_ptr<trace::SpanProcessor>> processors;
    processors.push_back(std::make_unique<CapturingProcessor>(spans, mu));
    return std::make_shared<trace::TracerProvider>(
        trace::Resource{}, trace::make_always_on_sampler(), std::move(processors));
  }
};

using TestLogger = log::testing::CapturedLogger;

}  // namespace authlens::mail::testing
