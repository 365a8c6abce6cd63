#pragma once
// In-process tail sampling (OTEL_TRACES_SAMPLER=authlens_tail): every span is recorded, and the
// spans of a trace are held here until the trace's local root (the request's SERVER span, or a
// span continuing a remote parent, such as the outbox's mail delivery) ends; then the whole
// trace goes on to the export processors or is dropped together. Kept: errors (span status
// Error: 5xx), the 4xx answers worth a look (429 rate limited or locked out, 423), requests
// slower than the latency threshold, a trace continuing one kept before (the mail delivery of a
// kept request), and otherwise the share `ratio` decided on the trace id (as traceidratio
// decides, so replicas keep the same traces). A single process knows when its request ends:
// no decision wait, no collector holding 50,000 traces.
//
// Bounded: at most max_traces traces held (the oldest is dropped and counted when a new one
// would pass it, such as a trace whose root never ends), max_spans_per_trace spans each.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "telemetry/trace/sdk/sampler.hpp"
#include "telemetry/trace/sdk/span_processor.hpp"

namespace authlens::trace {

struct TailSamplingOptions {
  double ratio = 0.01;                      // AUTHLENS_TAIL_SAMPLE_RATIO
  std::chrono::milliseconds latency{1000};  // AUTHLENS_TAIL_LATENCY_MS
  std::size_t max_traces = 4096;            // traces held while their root runs
  std::size_t max_spans_per_trace = 256;
  std::size_t remembered_kept = 4096;  // kept trace ids, for spans that continue them
};

enum class TailKeepReason : std::size_t { kError, kStatus, kSlow, kContinued, kRatio, kCount };
// "error", "status", "slow", "continued", "ratio": the label of the kept-traces counter.
std::string_view tail_keep_reason_name(TailKeepReason reason) noexcept;

// Shared with the wiring, which shows them as metrics.
struct TailSamplingCounters {
  std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(TailKeepReason::kCount)> kept{};
  std::atomic<std::uint64_t> dropped{0};  // traces decided against
  std::atomic<std::uint64_t> evicted{0};  // traces dropped unfinished (the bound)
  std::atomic<std::uint64_t> held{0};     // traces held now
};

class TailSamplingProcessor final : public SpanProcessor {
 public:
  TailSamplingProcessor(std::vector<std::unique_ptr<SpanProcessor>> next,
                        TailSamplingOptions options,
                        std::shared_ptr<TailSamplingCounters> counters);

  void on_end(SpanDataPtr span) noexcept override;
  bool force_flush(std::chrono::milliseconds timeout) override;
  // Traces still held are dropped (their roots will not end now), then the next processors
  // shut down.
  void shutdown(std::chrono::milliseconds timeout) override;
  ProcessorStats stats() const override;

  // Entries of the eviction order (live or stale): stays within about twice max_traces however
  // long one trace is held while others come and go. For tests.
  std::size_t order_entries() const;

  // The reason `root` (a local root span) keeps its trace, or none: the decision on_end takes.
  std::optional<TailKeepReason> decide(const SpanData& root) const noexcept;

 private:
  struct TraceIdHash {
    std::size_t operator()(const TraceId& id) const noexcept;
  };
  struct Held {
    std::vector<SpanDataPtr> spans;
    std::uint64_t order;  // for eviction, oldest first
  };
  void forward(std::vector<SpanDataPtr>& spans) noexcept;
  void remember_kept(const TraceId& id);  // mutex_ held
  void prune_order();                     // mutex_ held

  const std::vector<std::unique_ptr<SpanProcessor>> next_;
  const TailSamplingOptions options_;
  const std::shared_ptr<TailSamplingCounters> counters_;
  const std::unique_ptr<Sampler> ratio_;
  const std::uint64_t latency_ns_;

  mutable std::mutex mutex_;  // guards what follows; held for map operations only, never I/O
  std::unordered_map<TraceId, Held, TraceIdHash> held_;
  std::deque<std::pair<std::uint64_t, TraceId>> held_order_;  // (order, id), oldest first
  std::uint64_t next_order_ = 0;
  std::unordered_set<TraceId, TraceIdHash> kept_;
  std::deque<TraceId> kept_order_;
  std::atomic<std::uint64_t> spans_dropped_{0};
};

}  // namespace authlens::trace
