#pragma once
// The bounded pool where slow handlers (Argon2) run. The bound covers running plus queued jobs:
// past it a request is refused at once (503) instead of piling up 64 MiB hash buffers.
#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <utility>

namespace authlens::http {

class WorkPool {
 public:
  WorkPool(std::size_t threads, std::size_t queue_limit)
      : pool_(threads), capacity_(threads + queue_limit) {}

  bool try_reserve() noexcept {
    auto current = in_use_.load(std::memory_order_relaxed);
    while (current < capacity_) {
      if (in_use_.compare_exchange_weak(current, current + 1, std::memory_order_acq_rel))
        return true;
    }
    return false;
  }
  void release() noexcept { in_use_.fetch_sub(1, std::memory_order_acq_rel); }
  auto executor() { return pool_.get_executor(); }
  void join() { pool_.join(); }
  std::size_t in_use() const noexcept { return in_use_.load(std::memory_order_relaxed); }

 private:
  boost::asio::thread_pool pool_;
  std::size_t capacity_;
  std::atomic<std::size_t> in_use_{0};
};

}  // namespace authlens::http
