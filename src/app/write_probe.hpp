#pragma once
// Asks the store to commit a tiny write every few seconds (every second while writes fail), on
// the worker pool: how /readyz learns that writes fail before a request does, and learns by
// itself that they work again. /readyz only reads what the probe found; it never waits on the
// database itself. After each probe `then` runs on the same worker (the outbox gauge's count).
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "store/store.hpp"
#include "work/work_pool.hpp"

namespace authlens::app {

class WriteProbe {
 public:
  WriteProbe(boost::asio::io_context& io, work::WorkPool& pool, store::Store& store,
             std::chrono::milliseconds interval, std::function<void()> then = {});
  void start();
  void stop();

 private:
  void schedule();

  boost::asio::steady_timer timer_;
  work::WorkPool& pool_;
  store::Store& store_;
  std::chrono::milliseconds interval_;
  std::function<void()> then_;
  // Shared with the job in the pool, which may finish after stop().
  std::shared_ptr<std::atomic<bool>> running_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace authlens::app
