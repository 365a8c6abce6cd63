#include "telemetry/trace/sdk/tail_sampling_processor.hpp"

#include <cstring>

#include "telemetry/trace/api/semconv.hpp"

namespace authlens::trace {

std::string_view tail_keep_reason_name(TailKeepReason reason) noexcept {
  switch (reason) {
    case TailKeepReason::kError:
      return "error";
    case TailKeepReason::kStatus:
      return "status";
    case TailKeepReason::kSlow:
      return "slow";
    case TailKeepReason::kContinued:
      return "continued";
    case TailKeepReason::kRatio:
    case TailKeepReason::kCount:
      break;
  }
  return "ratio";
}

std::size_t TailSamplingProcessor::TraceIdHash::operator()(const TraceId& id) const noexcept {
  std::uint64_t h;  // trace ids are random: their last 8 bytes are hash enough
  std::memcpy(&h, id.data() + 8, sizeof h);
  return static_cast<std::size_t>(h);
}

TailSamplingProcessor::TailSamplingProcessor(std::vector<std::unique_ptr<SpanProcessor>> next,
                                             TailSamplingOptions options,
                                             std::shared_ptr<TailSamplingCounters> counters)
    : next_(std::move(next)),
      options_(options),
      counters_(counters ? std::move(counters) : std::make_shared<TailSamplingCounters>()),
      ratio_(make_trace_id_ratio_sampler(options.ratio)),
      latency_ns_(static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(options.latency).count())) {
  held_.reserve(options_.max_traces);
}

std::optional<TailKeepReason> TailSamplingProcessor::decide(const SpanData& root) const noexcept {
  if (root.status == StatusCode::kError) return TailKeepReason::kError;
  if (const auto code = root.attributes.int_value(semconv::kHttpResponseStatusCode.text)) {
    if (*code >= 500) return TailKeepReason::kError;
    if (*code == 429 || *code == 423) return TailKeepReason::kStatus;
  }
  if (root.end_time_unix_nano - root.start_time_unix_nano > latency_ns_)
    return TailKeepReason::kSlow;
  if (ratio_->should_sample(SpanContext{}, root.context.trace_id, {}, SpanKind::kServer) ==
      SamplingDecision::kRecordAndSample)
    return TailKeepReason::kRatio;
  return std::nullopt;
}

void TailSamplingProcessor::remember_kept(const TraceId& id) {
  if (options_.remembered_kept == 0 || !kept_.insert(id).second) return;
  kept_order_.push_back(id);
  if (kept_order_.size() > options_.remembered_kept) {
    kept_.erase(kept_order_.front());
    kept_order_.pop_front();
  }
}

void TailSamplingProcessor::prune_order() {
  // Traces end roughly in the order they began: the entries of finished ones leave from the
  // front. One trace held for long would keep every later entry behind it, so past twice the
  // bound the order is rebuilt from the live entries only.
  const auto live = [&](const std::pair<std::uint64_t, TraceId>& entry) {
    auto it = held_.find(entry.second);
    return it != held_.end() && it->second.order == entry.first;
  };
  while (!held_order_.empty() && !live(held_order_.front())) held_order_.pop_front();
  if (held_order_.size() > 2 * options_.max_traces + 64) {
    std::deque<std::pair<std::uint64_t, TraceId>> kept_entries;
    for (const auto& entry : held_order_)
      if (live(entry)) kept_entries.push_back(entry);
    held_order_.swap(kept_entries);
  }
}

std::size_t TailSamplingProcessor::order_entries() const {
  std::lock_guard lock(mutex_);
  return held_order_.size();
}

void TailSamplingProcessor::forward(std::vector<SpanDataPtr>& spans) noexcept {
  for (auto& span : spans) {
    if (next_.size() == 1) {
      next_.front()->on_end(std::move(span));
    } else {
      for (const auto& processor : next_) processor->on_end(span);
    }
  }
}

void TailSamplingProcessor::on_end(SpanDataPtr span) noexcept {
  const bool local_root = !span->has_parent() || span->parent_is_remote;
  const TraceId& id = span->context.trace_id;
  std::vector<SpanDataPtr> out;
  try {
    std::unique_lock lock(mutex_);
    if (!local_root) {
      if (kept_.count(id) != 0) {  // ends after its kept root (work the request left running)
        lock.unlock();
        out.push_back(std::move(span));
        forward(out);
        return;
      }
      auto it = held_.find(id);
      if (it == held_.end()) {
        if (held_.size() >= options_.max_traces) {  // make room: the oldest trace goes
          while (!held_order_.empty()) {
            auto [order, oldest] = held_order_.front();
            held_order_.pop_front();
            auto victim = held_.find(oldest);
            if (victim != held_.end() && victim->second.order == order) {
              spans_dropped_.fetch_add(victim->second.spans.size(), std::memory_order_relaxed);
              held_.erase(victim);
              counters_->evicted.fetch_add(1, std::memory_order_relaxed);
              break;
            }
          }
        }
        it = held_.emplace(id, Held{{}, next_order_}).first;
        held_order_.emplace_back(next_order_++, id);
        it->second.spans.reserve(8);
      }
      if (it->second.spans.size() >= options_.max_spans_per_trace) {
        spans_dropped_.fetch_add(1, std::memory_order_relaxed);
      } else {
        it->second.spans.push_back(std::move(span));
      }
      counters_->held.store(held_.size(), std::memory_order_relaxed);
      return;
    }
    // A local root ends: the trace's held spans and this one are decided together.
    auto it = held_.find(id);
    if (it != held_.end()) {
      out = std::move(it->second.spans);
      held_.erase(it);
      prune_order();
      counters_->held.store(held_.size(), std::memory_order_relaxed);
    }
    std::optional<TailKeepReason> reason =
        span->parent_is_remote && kept_.count(id) != 0 ? TailKeepReason::kContinued : decide(*span);
    if (!reason) {
      lock.unlock();
      counters_->dropped.fetch_add(1, std::memory_order_relaxed);
      return;  // `out` and `span` released here, outside the lock
    }
    remember_kept(id);
    lock.unlock();
    counters_->kept[static_cast<std::size_t>(*reason)].fetch_add(1, std::memory_order_relaxed);
    // The root says why its trace was kept (ended spans are immutable: a copy, one per kept
    // trace), so Jaeger, Zipkin and the built-in viewer can show it.
    auto root = std::make_shared<SpanData>(*span);
    root->attributes.set({semconv::kTailSamplingReason, tail_keep_reason_name(*reason)},
                         kMaxAttributesPerSpan);
    out.push_back(std::move(root));
    forward(out);
  } catch (const std::bad_alloc&) {
    spans_dropped_.fetch_add(1, std::memory_order_relaxed);
  }
}

bool TailSamplingProcessor::force_flush(std::chrono::milliseconds timeout) {
  bool ok = true;
  for (const auto& processor : next_) ok = processor->force_flush(timeout) && ok;
  return ok;
}

void TailSamplingProcessor::shutdown(std::chrono::milliseconds timeout) {
  {
    std::lock_guard lock(mutex_);
    counters_->evicted.fetch_add(held_.size(), std::memory_order_relaxed);
    held_.clear();
    held_order_.clear();
    counters_->held.store(0, std::memory_order_relaxed);
  }
  for (const auto& processor : next_) processor->shutdown(timeout);
}

ProcessorStats TailSamplingProcessor::stats() const {
  ProcessorStats total;
  for (const auto& processor : next_) {
    const ProcessorStats s = processor->stats();
    total.exported += s.exported;
    total.dropped += s.dropped;
    total.failed += s.failed;
    total.cpu_nanos += s.cpu_nanos;
  }
  total.dropped += spans_dropped_.load(std::memory_order_relaxed);
  return total;
}

}  // namespace authlens::trace
