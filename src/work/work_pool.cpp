#include "work/work_pool.hpp"

#include <algorithm>

namespace authlens::work {
namespace {

void erase_value(std::deque<std::string>& turns, const std::string& key) {
  turns.erase(std::find(turns.begin(), turns.end(), key));
}

// The entry of `turns` whose value in `map` is smallest by `less`; among equals, the first
// (waiting longest).
template <typename Map, typename Less>
std::deque<std::string>::iterator first_least(std::deque<std::string>& turns, Map& map, Less less) {
  auto best = turns.begin();
  for (auto it = turns.begin(); it != turns.end(); ++it)
    if (less(map.at(*it), map.at(*best))) best = it;
  return best;
}

// The entry of `turns` whose `held` in `map` is largest; among equals, the last (queued most
// recently), so that what is pushed out is the newest job.
template <typename Map>
const std::string* last_heaviest(const std::deque<std::string>& turns, const Map& map) {
  const std::string* best = nullptr;
  std::size_t most = 0;
  for (const auto& key : turns) {
    const auto held = map.at(key).held;
    if (best == nullptr || held >= most) {
      best = &key;
      most = held;
    }
  }
  return best;
}

}  // namespace

WorkPool::WorkPool(std::size_t threads, std::size_t queue_limit)
    : capacity_(std::max<std::size_t>(1, threads) + queue_limit) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i)
    threads_.emplace_back([this] { work(); });
}

WorkPool::~WorkPool() { join(); }

void WorkPool::submit(PoolClient client, std::function<void()> run, std::function<void()> refused) {
  std::vector<Job> pushed_out;
  bool admitted = false;
  {
    std::lock_guard lock(mutex_);
    std::string network_key(client.network);
    std::string client_key(client.key);
    if (!stopping_ && (in_use_ < capacity_ || make_room_for(network_key, client_key, pushed_out))) {
      auto& network = networks_[network_key];
      auto& entry = network.clients[client_key];
      if (network.turns.empty()) turns_.push_back(network_key);
      if (entry.queued.empty()) network.turns.push_back(client_key);
      entry.queued.push_back(Job{std::move(run), std::move(refused)});
      ++entry.held;
      ++network.held;
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

// Called with the lock held and the pool full: pushes out one queued job of whoever holds more
// than the asking client would (see the header), or says there is no such job.
bool WorkPool::make_room_for(const std::string& network_key, const std::string& client_key,
                             std::vector<Job>& pushed_out) {
  const auto own = networks_.find(network_key);
  const std::size_t own_held = own == networks_.end() ? 0 : own->second.held;
  if (const auto* heaviest = last_heaviest(turns_, networks_);
      heaviest != nullptr && *heaviest != network_key && networks_.at(*heaviest).held > own_held) {
    const std::string key = *heaviest;  // the turn entry may go
    push_out_newest(networks_.at(key), key, pushed_out);
    return true;
  }
  if (own == networks_.end() || own->second.turns.empty()) return false;
  auto& network = own->second;
  const auto me = network.clients.find(client_key);
  const std::size_t my_held = me == network.clients.end() ? 0 : me->second.held;
  const auto* heaviest = last_heaviest(network.turns, network.clients);
  if (*heaviest == client_key || network.clients.at(*heaviest).held <= my_held) return false;
  push_out_newest(network, network_key, pushed_out);
  return true;
}

// The newest queued job of the network's heaviest client with a queued job.
void WorkPool::push_out_newest(Network& network, const std::string& network_key,
                               std::vector<Job>& pushed_out) {
  const std::string client_key = *last_heaviest(network.turns, network.clients);
  auto& client = network.clients.at(client_key);
  pushed_out.push_back(std::move(client.queued.back()));
  client.queued.pop_back();
  --client.held;
  --network.held;
  --in_use_;
  if (client.queued.empty()) {
    erase_value(network.turns, client_key);
    if (client.held == 0) network.clients.erase(client_key);
  }
  if (network.turns.empty()) {
    erase_value(turns_, network_key);
    if (network.held == 0) networks_.erase(network_key);
  }
}

void WorkPool::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    background_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void WorkPool::give_back(const Slot& slot) {
  std::lock_guard lock(mutex_);
  const auto network = networks_.find(slot.network);
  auto& clients = network->second.clients;
  const auto client = clients.find(slot.client);
  --network->second.running;
  --network->second.held;
  if (--client->second.held == 0 && client->second.queued.empty()) clients.erase(client);
  if (network->second.held == 0) networks_.erase(network);
  --in_use_;
}

void WorkPool::work() {
  for (;;) {
    std::function<void()> task;
    Slot slot;
    bool is_client_job = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !turns_.empty() || !background_.empty(); });
      if (!background_.empty()) {
        task = std::move(background_.front());
        background_.pop_front();
      } else if (!turns_.empty()) {
        // The network with the fewest jobs running, then its client with the fewest running;
        // among equals, the one waiting longest. Each goes to the back of its line afterwards.
        const auto next_network =
            first_least(turns_, networks_,
                        [](const Network& a, const Network& b) { return a.running < b.running; });
        slot.network = std::move(*next_network);
        turns_.erase(next_network);
        auto& network = networks_.at(slot.network);
        const auto next_client =
            first_least(network.turns, network.clients,
                        [](const Client& a, const Client& b) { return a.running() < b.running(); });
        slot.client = std::move(*next_client);
        network.turns.erase(next_client);
        auto& entry = network.clients.at(slot.client);
        task = std::move(entry.queued.front().run);
        entry.queued.pop_front();
        ++network.running;
        if (!entry.queued.empty()) network.turns.push_back(slot.client);
        if (!network.turns.empty()) turns_.push_back(slot.network);
        is_client_job = true;
      } else {
        return;  // stopping, nothing left
      }
    }
    // Gives the slot back however the job ends; jobs are not supposed to throw, but a slot
    // lost to one that did would shrink the pool for good.
    struct SlotGuard {
      WorkPool* pool;
      const Slot* slot;
      ~SlotGuard() {
        if (slot != nullptr) pool->give_back(*slot);
      }
    } guard{this, is_client_job ? &slot : nullptr};
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
    for (const auto& network_key : turns_) {
      auto& network = networks_.at(network_key);
      for (const auto& client_key : network.turns) {
        auto& entry = network.clients.at(client_key);
        for (auto& job : entry.queued) refused.push_back(std::move(job));
        entry.held -= entry.queued.size();
        network.held -= entry.queued.size();
        in_use_ -= entry.queued.size();
        entry.queued.clear();
        if (entry.held == 0) network.clients.erase(client_key);
      }
      network.turns.clear();
      if (network.held == 0) networks_.erase(network_key);
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
