#include "work/work_pool.hpp"

#include <algorithm>

namespace authlens::work {

WorkPool::WorkPool(std::size_t threads, std::size_t queue_limit)
    : capacity_(std::max<std::size_t>(1, threads) + queue_limit) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i)
    threads_.emplace_back([this] { work(); });
}

WorkPool::~WorkPool() { join(); }

void WorkPool::submit(std::string_view client, std::function<void()> run,
                      std::function<void()> refused) {
  std::vector<Job> pushed_out;
  bool admitted = false;
  {
    std::lock_guard lock(mutex_);
    std::string key(client);
    if (!stopping_ && (in_use_ < capacity_ || make_room_for(key, pushed_out))) {
      auto& entry = clients_[key];
      if (entry.queued.empty()) turns_.push_back(key);
      entry.queued.push_back(Job{std::move(run), std::move(refused)});
      ++entry.held;
      ++in_use_;
      admitted = true;
    }
  }
  // Callbacks run outside the lock: they post to I/O executors.
  for (auto& job : pushed_out) job.refused();
  if (admitted) {
    wake_.notify_one();
  } else {
    refused();
  }
}

// Called with the lock held and the pool full: pushes out the newest queued job of the client
// that holds the most, if that client holds more than `client` would after admission.
bool WorkPool::make_room_for(const std::string& client, std::vector<Job>& pushed_out) {
  const auto own = clients_.find(client);
  const std::size_t asking = own == clients_.end() ? 0 : own->second.held;
  Client* heaviest = nullptr;
  const std::string* heaviest_key = nullptr;
  for (const auto& key : turns_) {
    auto& candidate = clients_.at(key);
    if (heaviest == nullptr || candidate.held > heaviest->held) {
      heaviest = &candidate;
      heaviest_key = &key;
    }
  }
  if (heaviest == nullptr || heaviest->held <= asking + 1) return false;
  pushed_out.push_back(std::move(heaviest->queued.back()));
  heaviest->queued.pop_back();
  --heaviest->held;
  --in_use_;
  if (heaviest->queued.empty()) {
    const std::string key = *heaviest_key;
    turns_.erase(std::find(turns_.begin(), turns_.end(), key));
    if (heaviest->held == 0) clients_.erase(key);
  }
  return true;
}

void WorkPool::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    background_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void WorkPool::work() {
  for (;;) {
    std::function<void()> task;
    std::string client;
    bool is_client_job = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !turns_.empty() || !background_.empty(); });
      if (!background_.empty()) {
        task = std::move(background_.front());
        background_.pop_front();
      } else if (!turns_.empty()) {
        // The client with the fewest jobs running; among equals, the one waiting longest.
        auto next = turns_.begin();
        for (auto it = turns_.begin(); it != turns_.end(); ++it)
          if (clients_.at(*it).running() < clients_.at(*next).running()) next = it;
        client = std::move(*next);
        turns_.erase(next);
        auto& entry = clients_.at(client);
        task = std::move(entry.queued.front().run);
        entry.queued.pop_front();
        if (!entry.queued.empty()) turns_.push_back(client);  // next turn after the others
        is_client_job = true;
      } else {
        return;  // stopping, nothing left
      }
    }
    // Gives the slot back however the job ends; jobs are not supposed to throw, but a slot
    // lost to one that did would shrink the pool for good.
    struct SlotGuard {
      WorkPool* pool;
      const std::string* client;
      ~SlotGuard() {
        if (client == nullptr) return;
        std::lock_guard lock(pool->mutex_);
        auto it = pool->clients_.find(*client);
        if (--it->second.held == 0 && it->second.queued.empty()) pool->clients_.erase(it);
        --pool->in_use_;
      }
    } guard{this, is_client_job ? &client : nullptr};
    try {
      task();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the guard above is what matters
    }
  }
}

void WorkPool::refuse_waiting() {
  std::vector<Job> refused;
  {
    std::lock_guard lock(mutex_);
    for (const auto& key : turns_) {
      auto& entry = clients_.at(key);
      for (auto& job : entry.queued) refused.push_back(std::move(job));
      entry.held -= entry.queued.size();
      in_use_ -= entry.queued.size();
      entry.queued.clear();
      if (entry.held == 0) clients_.erase(key);
    }
    turns_.clear();
  }
  for (auto& job : refused) job.refused();
}

void WorkPool::join() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  refuse_waiting();
  wake_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  threads_.clear();
}

std::size_t WorkPool::in_use() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

}  // namespace authlens::work
