#pragma once
// Hands finished log lines to a writer thread through a bounded double buffer, so a slow or
// stuck stdout never blocks the thread that logs: when the buffer is full the line is dropped
// and counted instead.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "telemetry/spin_lock.hpp"

namespace authlens::log {

class AsyncSink {
 public:
  struct Options {
    int fd = 1;
    std::size_t buffer_bytes = 1 << 20;  // split between the filling and the writing buffer
    std::chrono::milliseconds flush_timeout{2000};
  };

  explicit AsyncSink(Options options);
  // Flushes (bounded by flush_timeout), then gives up on a stuck fd and counts the rest dropped.
  ~AsyncSink();
  AsyncSink(const AsyncSink&) = delete;
  AsyncSink& operator=(const AsyncSink&) = delete;

  // Queues one complete line (newline included). False, and counted, when there is no room.
  bool append(std::string_view line);
  // Waits until every line appended so far is written, at most flush_timeout.
  void flush();

  std::uint64_t lines_written() const noexcept { return written_.load(std::memory_order_relaxed); }
  std::uint64_t lines_dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  double writer_cpu_seconds() const noexcept {
    return static_cast<double>(writer_cpu_ns_.load(std::memory_order_relaxed)) * 1e-9;
  }

 private:
  void run();
  bool write_all(std::string_view data);
  bool has_pending();
  std::size_t pending_bytes();

  const Options options_;
  const std::size_t capacity_;   // bytes per buffer
  const std::size_t max_chunk_;  // bytes per write(2): small enough never to block on a pipe
  // Appending a line takes only buffer_lock_ (a few nanoseconds, no system call); the mutex is
  // for the writer's waits, flushes, and the one wake-up per batch.
  telemetry::SpinLock buffer_lock_;
  std::string pending_;              // guarded by buffer_lock_
  std::uint64_t pending_lines_ = 0;  // guarded by buffer_lock_
  std::uint64_t appended_ = 0;       // lines accepted; guarded by buffer_lock_
  std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable progress_;
  std::uint64_t finished_ = 0;  // accepted lines written or failed; guarded by mutex_
  int flush_waiters_ = 0;       // guarded by mutex_
  bool stopping_ = false;
  std::atomic<bool> abandon_{false};
  std::atomic<std::uint64_t> written_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::int64_t> writer_cpu_ns_{0};
  std::thread writer_;  // last: starts after everything it uses exists
};

}  // namespace authlens::log
