#pragma once
// A fixed set of connections, each used by one thread at a time. The mutex guards only the free
// list; queries run after the lease is taken, so a slow query never blocks other borrowers.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace authlens::store {

template <class Conn>
class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool* pool, Conn* conn) noexcept : pool_(pool), conn_(conn) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)), conn_(std::exchange(other.conn_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->give_back(conn_);
    }

    Conn& operator*() const noexcept { return *conn_; }
    Conn* operator->() const noexcept { return conn_; }

   private:
    ConnectionPool* pool_;
    Conn* conn_;
  };

  // `wait` bounds how long a borrower queues for a free connection before StoreTimeout.
  ConnectionPool(std::vector<std::unique_ptr<Conn>> connections, std::chrono::milliseconds wait)
      : all_(std::move(connections)), wait_(wait) {
    for (auto& c : all_) free_.push_back(c.get());
  }

  Lease acquire() { return acquire_for(wait_); }

  Lease acquire_for(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, wait, [this] { return !free_.empty(); })) {
      throw StoreTimeout("no free database connection in time (pool exhausted)");
    }
    Conn* conn = free_.back();
    free_.pop_back();
    return Lease(this, conn);
  }

  std::size_t size() const noexcept { return all_.size(); }

 private:
  void give_back(Conn* conn) noexcept {
    {
      std::lock_guard lock(mutex_);
      free_.push_back(conn);
    }
    available_.notify_one();
  }

  std::vector<std::unique_ptr<Conn>> all_;
  std::chrono::milliseconds wait_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Conn*> free_;
};

}  // namespace authlens::store
