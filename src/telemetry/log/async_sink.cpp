#include "telemetry/log/async_sink.hpp"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "telemetry/thread_cpu.hpp"

namespace authlens::log {
namespace {

// A pipe, socket or terminal reports POLLOUT once PIPE_BUF bytes fit, so writes of at most that
// size after poll() cannot block; a regular file never blocks and takes the whole batch.
std::size_t max_chunk_for(int fd) {
  struct stat st {};
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) return SIZE_MAX;
  return PIPE_BUF;
}

constexpr int kPollMillis = 100;  // how often a blocked writer rechecks whether to give up
// A line reaches the fd at most this late. Each wake-up of the writer costs about a thousand
// instructions (condition variable, write(2), bookkeeping): at a few hundred requests a second a
// 5 ms linger cost more per line than formatting it; 20 ms is still immediate to a reader.
constexpr std::chrono::milliseconds kLinger{20};

}  // namespace

AsyncSink::AsyncSink(Options options)
    : options_(options),
      capacity_(std::max<std::size_t>(options.buffer_bytes / 2, 1)),
      max_chunk_(max_chunk_for(options.fd)) {
  pending_.reserve(capacity_);
  writer_ = std::thread([this] { run(); });
}

AsyncSink::~AsyncSink() {
  flush();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  abandon_.store(true);
  wake_writer_.notify_one();
  writer_.join();
}

bool AsyncSink::append(std::string_view line) {
  bool was_empty = false;
  bool half_full = false;
  {
    std::lock_guard lock(buffer_lock_);
    if (pending_.size() + line.size() > capacity_) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    was_empty = pending_.empty();
    pending_.append(line);
    ++pending_lines_;
    ++appended_;
    half_full = pending_.size() >= capacity_ / 2 && pending_.size() - line.size() < capacity_ / 2;
  }
  // The first line wakes the writer, which then lingers to gather more; a buffer filling up
  // fast cuts the linger short. Every other line costs no wake-up at all. Notifying under the
  // mutex the writer waits with means it cannot miss this between its check and its wait.
  if (was_empty || half_full) {
    std::lock_guard lock(mutex_);
    wake_writer_.notify_one();
  }
  return true;
}

bool AsyncSink::has_pending() {
  std::lock_guard lock(buffer_lock_);
  return !pending_.empty();
}

std::size_t AsyncSink::pending_bytes() {
  std::lock_guard lock(buffer_lock_);
  return pending_.size();
}

void AsyncSink::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = [&] {
    std::lock_guard buffer(buffer_lock_);
    return appended_;
  }();
  ++flush_waiters_;
  wake_writer_.notify_one();  // no lingering while someone waits
  progress_.wait_for(lock, options_.flush_timeout, [&] { return finished_ >= target; });
  --flush_waiters_;
}

void AsyncSink::run() {
  std::string batch;
  batch.reserve(capacity_);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_writer_.wait(lock, [&] { return has_pending() || stopping_; });
    if (!has_pending()) break;  // stopping and nothing left
    // Linger so one write(2) and one wake-up serve many lines: at thousands of requests per
    // second, waking per line cost more CPU than formatting the lines.
    wake_writer_.wait_for(lock, kLinger, [&] {
      return stopping_ || flush_waiters_ > 0 || pending_bytes() >= capacity_ / 2;
    });
    std::uint64_t lines = 0;
    {
      std::lock_guard buffer(buffer_lock_);
      batch.swap(pending_);
      lines = pending_lines_;
      pending_lines_ = 0;
    }
    lock.unlock();

    const bool ok = write_all(batch);
    batch.clear();
    (ok ? written_ : dropped_).fetch_add(lines, std::memory_order_relaxed);
    writer_cpu_ns_.store(telemetry::thread_cpu_ns(), std::memory_order_relaxed);

    lock.lock();
    finished_ += lines;
    progress_.notify_all();
  }
}

bool AsyncSink::write_all(std::string_view data) {
  const bool regular_file = max_chunk_ == SIZE_MAX;  // never blocks: no poll needed
  while (!data.empty()) {
    if (abandon_.load(std::memory_order_relaxed)) return false;
    if (regular_file) {
      const ssize_t n = ::write(options_.fd, data.data(), data.size());
      if (n < 0 && errno != EINTR) return false;
      if (n > 0) data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    pollfd p{options_.fd, POLLOUT, 0};
    const int ready = poll(&p, 1, kPollMillis);
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) continue;
    if ((p.revents & (POLLERR | POLLNVAL)) != 0) return false;
    const ssize_t n = ::write(options_.fd, data.data(), std::min(data.size(), max_chunk_));
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace authlens::log
