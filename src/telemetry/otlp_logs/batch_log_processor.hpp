#pragma once
// The OpenTelemetry SDK's batching log record processor (OTEL_BLRP_*): each record is encoded
// on the logging thread into a bounded queue (a few hundred instructions, one spin lock, no
// system call), and a background thread exports batches every schedule delay or as soon as a
// batch is full. A full queue drops the record and counts it; the logging thread never waits.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "telemetry/log/record_processor.hpp"
#include "telemetry/otlp_logs/logs_exporter.hpp"
#include "telemetry/spin_lock.hpp"

namespace authlens::otlp_logs {

struct LogBatchOptions {  // the spec's defaults
  std::size_t max_queue_size = 2048;
  std::chrono::milliseconds schedule_delay{1000};
  std::chrono::milliseconds export_timeout{30000};
  std::size_t max_export_batch_size = 512;
  std::size_t max_queue_bytes = 4 << 20;  // ours: a bound on memory whatever the records hold
};

class BatchLogProcessor final : public log::RecordProcessor {
 public:
  struct Stats {
    std::uint64_t exported = 0;
    std::uint64_t dropped = 0;  // the queue was full
    std::uint64_t failed = 0;   // their export failed
    double cpu_seconds = 0;     // the export thread's
  };

  BatchLogProcessor(std::unique_ptr<LogsExporter> exporter, LogBatchOptions options);
  ~BatchLogProcessor() override;  // shutdown(export_timeout)

  void on_emit(const log::LineInput& record) noexcept override;
  // Exports everything queued so far; false when `timeout` passed first.
  bool force_flush(std::chrono::milliseconds timeout);
  // Exports what is queued (within `timeout`), then stops; later records are dropped.
  void shutdown(std::chrono::milliseconds timeout);
  Stats stats() const noexcept;

 private:
  void run();
  void export_pending();
  std::size_t queued() noexcept;

  const std::unique_ptr<LogsExporter> exporter_;
  const LogBatchOptions options_;

  telemetry::SpinLock queue_lock_;   // guards the queue: what follows up to mutex_
  std::string queue_;                // encoded records, back to back
  std::vector<std::uint32_t> ends_;  // where each queued record ends in queue_
  std::uint64_t enqueued_ = 0;       // records accepted so far
  // The export thread's: what it took from the queue (swapped, so both keep their capacity).
  std::string taken_;
  std::vector<std::uint32_t> taken_ends_;

  std::mutex mutex_;  // for the export thread's waits and flushes
  std::condition_variable wake_;
  std::condition_variable progress_;
  std::uint64_t finished_ = 0;  // accepted records exported or failed; guarded by mutex_
  bool stopping_ = false;       // guarded by mutex_
  bool flush_requested_ = false;
  std::atomic<bool> stopped_{false};

  std::atomic<std::uint64_t> exported_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::int64_t> cpu_ns_{0};
  std::thread thread_;  // last: starts once everything it uses exists
};

}  // namespace authlens::otlp_logs
