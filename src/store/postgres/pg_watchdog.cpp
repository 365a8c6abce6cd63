#include "store/postgres/pg_watchdog.hpp"

#include <sys/socket.h>

#include <algorithm>

namespace authlens::store::postgres {

Watchdog::Watchdog() : thread_([this] { run(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Watchdog::arm(Entry& entry, int fd, DeadlineClock::time_point deadline) {
  {
    std::lock_guard lock(mutex_);
    entry.fd = fd;
    entry.deadline = deadline;
    entry.fired = false;
    if (!entry.armed) armed_.push_back(&entry);
    entry.armed = true;
  }
  wake_.notify_one();  // it may be the earliest deadline now
}

void Watchdog::set_fd(Entry& entry, int fd) {
  std::lock_guard lock(mutex_);
  entry.fd = fd;
  if (entry.armed && entry.deadline <= DeadlineClock::now()) fire(entry);
}

bool Watchdog::disarm(Entry& entry) noexcept {
  std::lock_guard lock(mutex_);
  if (entry.armed) {
    armed_.erase(std::find(armed_.begin(), armed_.end(), &entry));
    entry.armed = false;
  }
  return entry.fired;
}

bool Watchdog::fired(const Entry& entry) const {
  std::lock_guard lock(mutex_);
  return entry.fired;
}

void Watchdog::fire(Entry& entry) {
  // SHUT_RDWR wakes a poll() waiting to read (EOF) or to write (EPIPE) on this socket.
  if (entry.fd >= 0) ::shutdown(entry.fd, SHUT_RDWR);
  entry.fired = true;
}

void Watchdog::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = DeadlineClock::now();
    auto next = DeadlineClock::time_point::max();
    for (Entry* entry : armed_) {
      if (entry->fired) continue;
      if (entry->deadline <= now) {
        fire(*entry);
      } else {
        next = std::min(next, entry->deadline);
      }
    }
    if (next == DeadlineClock::time_point::max()) {
      wake_.wait(lock);
    } else {
      wake_.wait_until(lock, next);
    }
  }
}

}  // namespace authlens::store::postgres
