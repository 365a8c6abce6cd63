#include "telemetry/trace/sdk/sampler.hpp"

#include <cmath>
#include <cstdio>

namespace authlens::trace {
namespace {

class AlwaysOn final : public Sampler {
 public:
  SamplingDecision should_sample(const SpanContext&, const TraceId&, std::string_view,
                                 SpanKind) const noexcept override {
    return SamplingDecision::kRecordAndSample;
  }
  std::string description() const override { return "AlwaysOnSampler"; }
};

class AlwaysOff final : public Sampler {
 public:
  SamplingDecision should_sample(const SpanContext&, const TraceId&, std::string_view,
                                 SpanKind) const noexcept override {
    return SamplingDecision::kDrop;
  }
  std::string description() const override { return "AlwaysOffSampler"; }
};

// Compares the trace id's lower 8 bytes (big endian, top bit dropped so the arithmetic stays in
// 63 bits) with ratio * 2^63: the widespread reading of the spec's TraceIdRatioBased, so our
// decisions agree with other SDKs' for the same trace.
class TraceIdRatio final : public Sampler {
 public:
  explicit TraceIdRatio(double ratio) : ratio_(ratio) {
    if (ratio >= 1.0) {
      bound_ = UINT64_MAX;
    } else if (ratio <= 0.0 || std::isnan(ratio)) {
      bound_ = 0;
    } else {
      bound_ = static_cast<std::uint64_t>(ratio * 9223372036854775808.0);  // 2^63
    }
  }
  SamplingDecision should_sample(const SpanContext&, const TraceId& trace_id, std::string_view,
                                 SpanKind) const noexcept override {
    std::uint64_t lower = 0;
    for (std::size_t i = 8; i < 16; ++i) lower = lower << 8 | trace_id[i];
    return (lower >> 1) < bound_ || bound_ == UINT64_MAX ? SamplingDecision::kRecordAndSample
                                                         : SamplingDecision::kDrop;
  }
  std::string description() const override {
    char buf[64];
    std::snprintf(buf, sizeof buf, "TraceIdRatioBased{%g}", ratio_);
    return buf;
  }

 private:
  double ratio_;
  std::uint64_t bound_;
};

// The spec's defaults for the four parent cases: follow the parent's sampled flag.
class ParentBased final : public Sampler {
 public:
  ParentBased(std::unique_ptr<Sampler> root, bool trust_remote_flag)
      : root_(std::move(root)), trust_remote_flag_(trust_remote_flag) {}
  SamplingDecision should_sample(const SpanContext& parent, const TraceId& trace_id,
                                 std::string_view name, SpanKind kind) const noexcept override {
    if (!parent.is_valid() || (parent.is_remote && !trust_remote_flag_))
      return root_->should_sample(parent, trace_id, name, kind);
    return parent.is_sampled() ? SamplingDecision::kRecordAndSample : SamplingDecision::kDrop;
  }
  std::string description() const override {
    return "ParentBased{root:" + root_->description() +
           (trust_remote_flag_ ? "}" : ",remoteParent:" + root_->description() + "}");
  }

 private:
  std::unique_ptr<Sampler> root_;
  bool trust_remote_flag_;
};

}  // namespace

std::unique_ptr<Sampler> make_always_on_sampler() { return std::make_unique<AlwaysOn>(); }
std::unique_ptr<Sampler> make_always_off_sampler() { return std::make_unique<AlwaysOff>(); }
std::unique_ptr<Sampler> make_trace_id_ratio_sampler(double ratio) {
  return std::make_unique<TraceIdRatio>(ratio);
}
std::unique_ptr<Sampler> make_parent_based_sampler(std::unique_ptr<Sampler> root,
                                                   bool trust_remote_flag) {
  return std::make_unique<ParentBased>(std::move(root), trust_remote_flag);
}

}  // namespace authlens::trace
