#include "telemetry/trace/sdk/batch_span_processor.hpp"

#include "telemetry/thread_cpu.hpp"

namespace authlens::trace {

BatchSpanProcessor::BatchSpanProcessor(std::unique_ptr<SpanExporter> exporter, BatchOptions options)
    : exporter_(std::move(exporter)), options_(options), ring_(options.max_queue_size) {
  worker_ = std::thread([this] { run(); });
}

BatchSpanProcessor::~BatchSpanProcessor() { shutdown(options_.export_timeout); }

void BatchSpanProcessor::on_end(SpanDataPtr span) noexcept {
  bool wake = false;
  {
    std::lock_guard lock(ring_lock_);
    if (!accepting_ || size_ == ring_.size()) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;  // `span` is released after the lock
    }
    const std::size_t slot = head_ + size_;
    ring_[slot < ring_.size() ? slot : slot - ring_.size()] = std::move(span);
    ++size_;
    wake = size_ == options_.max_export_batch_size;  // exactly once per filled batch
  }
  // Under the mutex the worker waits with, so it cannot miss this between its check and its wait.
  if (wake) {
    std::lock_guard lock(mutex_);
    wake_worker_.notify_one();
  }
}

std::size_t BatchSpanProcessor::queued() const noexcept {
  std::lock_guard lock(ring_lock_);
  return size_;
}

void BatchSpanProcessor::export_batch(std::vector<SpanDataPtr>& batch) {
  ExportResult result = ExportResult::kFailure;
  try {
    result = exporter_->export_spans(batch, options_.export_timeout);
  } catch (...) {
  }
  (result == ExportResult::kSuccess ? exported_ : failed_)
      .fetch_add(batch.size(), std::memory_order_relaxed);
  batch.clear();
}

void BatchSpanProcessor::run() {
  using Clock = std::chrono::steady_clock;
  std::vector<SpanDataPtr> batch;
  batch.reserve(options_.max_export_batch_size);
  std::unique_lock lock(mutex_);
  auto next_scheduled = Clock::now() + options_.schedule_delay;
  while (true) {
    wake_worker_.wait_until(lock, next_scheduled, [&] {
      return stop_ || queued() >= options_.max_export_batch_size ||
             flush_requested_ != flush_completed_;
    });
    const bool scheduled = Clock::now() >= next_scheduled;
    const std::uint64_t flush_target = flush_requested_;
    const bool drain = scheduled || stop_ || flush_target != flush_completed_;
    // Draining takes what is queued now, not what keeps arriving, so a flush ends.
    std::size_t to_drain = drain ? queued() : 0;
    while (queued() >= options_.max_export_batch_size || to_drain > 0) {
      std::size_t n = 0;
      {
        std::lock_guard ring(ring_lock_);
        n = std::min(size_, options_.max_export_batch_size);
        for (std::size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(ring_[head_]));
          head_ = (head_ + 1) % ring_.size();
        }
        size_ -= n;
      }
      if (n == 0) break;
      to_drain -= std::min(to_drain, n);
      lock.unlock();
      export_batch(batch);
      worker_cpu_nanos_.store(static_cast<std::uint64_t>(telemetry::thread_cpu_ns()),
                              std::memory_order_relaxed);
      lock.lock();
    }
    if (flush_target != flush_completed_) {
      flush_completed_ = flush_target;
      flushed_.notify_all();
    }
    if (scheduled) next_scheduled = Clock::now() + options_.schedule_delay;
    worker_cpu_nanos_.store(static_cast<std::uint64_t>(telemetry::thread_cpu_ns()),
                            std::memory_order_relaxed);
    if (stop_ && queued() == 0) break;
  }
}

bool BatchSpanProcessor::force_flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (stop_) return queued() == 0;
  const std::uint64_t ticket = ++flush_requested_;
  wake_worker_.notify_one();
  return flushed_.wait_for(lock, timeout, [&] { return flush_completed_ >= ticket; });
}

void BatchSpanProcessor::shutdown(std::chrono::milliseconds timeout) {
  {
    std::lock_guard lock(ring_lock_);
    if (!accepting_) return;
    accepting_ = false;
  }
  if (!force_flush(timeout)) exporter_->shutdown();  // out of time: cut retries short
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_worker_.notify_one();
  if (worker_.joinable()) worker_.join();
  exporter_->shutdown();
}

ProcessorStats BatchSpanProcessor::stats() const {
  return {exported_.load(std::memory_order_relaxed), dropped_.load(std::memory_order_relaxed),
          failed_.load(std::memory_order_relaxed),
          worker_cpu_nanos_.load(std::memory_order_relaxed)};
}

}  // namespace authlens::trace
