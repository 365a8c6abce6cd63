#include "telemetry/otlp_logs/batch_log_processor.hpp"

#include <algorithm>
#include <new>

#include "telemetry/otlp_logs/log_record_encoder.hpp"
#include "telemetry/thread_cpu.hpp"
#include "telemetry/trace/exporters/proto_writer.hpp"

namespace authlens::otlp_logs {

BatchLogProcessor::BatchLogProcessor(std::unique_ptr<LogsExporter> exporter,
                                     LogBatchOptions options)
    : exporter_(std::move(exporter)), options_(options) {
  queue_.reserve(std::min<std::size_t>(options_.max_queue_bytes, 64 << 10));
  ends_.reserve(options_.max_queue_size);
  thread_ = std::thread([this] { run(); });
}

BatchLogProcessor::~BatchLogProcessor() { shutdown(options_.export_timeout); }

void BatchLogProcessor::on_emit(const log::LineInput& record) noexcept {
  if (stopped_.load(std::memory_order_relaxed)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  // Encoded outside the lock into per-thread buffers, which a steady state reuses.
  thread_local trace::ProtoWriter scratch(1024);
  thread_local std::string encoded;
  bool wake = false;
  try {
    encoded.clear();
    const auto observed = std::chrono::system_clock::now().time_since_epoch();
    append_log_record(scratch, encoded, record,
                      static_cast<std::uint64_t>(
                          std::chrono::duration_cast<std::chrono::nanoseconds>(observed).count()));
    queue_lock_.lock();
    if (ends_.size() >= options_.max_queue_size ||
        queue_.size() + encoded.size() > options_.max_queue_bytes) {
      queue_lock_.unlock();
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.append(encoded);  // within the reserved capacity once the queue has been this long
    ends_.push_back(static_cast<std::uint32_t>(queue_.size()));
    ++enqueued_;
    wake = ends_.size() == options_.max_export_batch_size;
    queue_lock_.unlock();
  } catch (const std::bad_alloc&) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  // Without the mutex, so the logging thread never waits on the export thread; a wake-up lost
  // to a race is made up by the schedule delay.
  if (wake) wake_.notify_one();
}

std::size_t BatchLogProcessor::queued() noexcept {
  queue_lock_.lock();
  const std::size_t n = ends_.size();
  queue_lock_.unlock();
  return n;
}

void BatchLogProcessor::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, options_.schedule_delay, [&] {
      return stopping_ || flush_requested_ || queued() >= options_.max_export_batch_size;
    });
    const bool stop = stopping_;
    flush_requested_ = false;
    lock.unlock();
    export_pending();
    lock.lock();
    progress_.notify_all();
    if (stop) return;
  }
}

void BatchLogProcessor::export_pending() {
  const std::int64_t cpu_start = telemetry::thread_cpu_ns();
  queue_lock_.lock();
  queue_.swap(taken_);
  ends_.swap(taken_ends_);
  queue_lock_.unlock();
  std::size_t first = 0;
  std::uint32_t from = 0;
  while (first < taken_ends_.size()) {
    const std::size_t last = std::min(first + options_.max_export_batch_size, taken_ends_.size());
    const std::uint32_t to = taken_ends_[last - 1];
    const std::size_t count = last - first;
    const bool ok = exporter_->export_records(std::string_view(taken_).substr(from, to - from),
                                              count, options_.export_timeout);
    (ok ? exported_ : failed_).fetch_add(count, std::memory_order_relaxed);
    {
      std::lock_guard lock(mutex_);
      finished_ += count;
    }
    progress_.notify_all();
    first = last;
    from = to;
  }
  taken_.clear();
  taken_ends_.clear();
  cpu_ns_.fetch_add(telemetry::thread_cpu_ns_since(cpu_start), std::memory_order_relaxed);
}

bool BatchLogProcessor::force_flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  queue_lock_.lock();
  const std::uint64_t target = enqueued_;
  queue_lock_.unlock();
  flush_requested_ = true;
  wake_.notify_one();
  return progress_.wait_for(lock, timeout, [&] { return finished_ >= target; });
}

void BatchLogProcessor::shutdown(std::chrono::milliseconds timeout) {
  if (stopped_.exchange(true)) return;
  {
    std::unique_lock lock(mutex_);
    queue_lock_.lock();
    const std::uint64_t target = enqueued_;
    queue_lock_.unlock();
    stopping_ = true;
    wake_.notify_one();
    // A receiver that does not answer must not hold the shutdown past its budget.
    if (!progress_.wait_for(lock, timeout, [&] { return finished_ >= target; }))
      exporter_->shutdown();
  }
  thread_.join();
  exporter_->shutdown();
}

BatchLogProcessor::Stats BatchLogProcessor::stats() const noexcept {
  Stats s;
  s.exported = exported_.load(std::memory_order_relaxed);
  s.dropped = dropped_.load(std::memory_order_relaxed);
  s.failed = failed_.load(std::memory_order_relaxed);
  s.cpu_seconds = static_cast<double>(cpu_ns_.load(std::memory_order_relaxed)) * 1e-9;
  return s;
}

}  // namespace authlens::otlp_logs
