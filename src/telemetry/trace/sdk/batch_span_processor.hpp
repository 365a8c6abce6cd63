#pragma once
// The SDK spec's BatchSpanProcessor: a bounded queue that request threads fill (never waiting for
// I/O, dropping and counting when full) and one worker thread that exports in batches, every
// schedule_delay or as soon as a full batch is waiting.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "telemetry/spin_lock.hpp"
#include "telemetry/trace/sdk/batch_options.hpp"
#include "telemetry/trace/sdk/span_processor.hpp"

namespace authlens::trace {

class BatchSpanProcessor final : public SpanProcessor {
 public:
  BatchSpanProcessor(std::unique_ptr<SpanExporter> exporter, BatchOptions options);
  ~BatchSpanProcessor() override;

  // A spin-locked store into the ring and, once per full batch, one wake-up of the worker.
  void on_end(SpanDataPtr span) noexcept override;
  // Exports everything queued now; false when that did not finish within `timeout`.
  bool force_flush(std::chrono::milliseconds timeout) override;
  // Flushes within `timeout`, then stops the worker (cutting short an export still running).
  void shutdown(std::chrono::milliseconds timeout) override;
  ProcessorStats stats() const override;

 private:
  void run();
  void export_batch(std::vector<SpanDataPtr>& batch);

  std::unique_ptr<SpanExporter> exporter_;
  const BatchOptions options_;

  std::size_t queued() const noexcept;

  // Request threads take only ring_lock_ (a few nanoseconds, no system call); the mutex is for
  // the worker's waits, flushes, and the one wake-up per full batch.
  mutable telemetry::SpinLock ring_lock_;
  std::vector<SpanDataPtr> ring_;    // fixed capacity max_queue_size; guarded by ring_lock_
  std::size_t head_ = 0, size_ = 0;  // guarded by ring_lock_
  bool accepting_ = true;            // guarded by ring_lock_
  mutable std::mutex mutex_;
  std::condition_variable wake_worker_;
  std::condition_variable flushed_;
  bool stop_ = false;  // guarded by mutex_
  std::uint64_t flush_requested_ = 0, flush_completed_ = 0;

  std::atomic<std::uint64_t> exported_{0}, dropped_{0}, failed_{0}, worker_cpu_nanos_{0};
  std::thread worker_;
};

}  // namespace authlens::trace
