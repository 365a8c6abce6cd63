#include "http/connection_registry.hpp"

#include <algorithm>

namespace authlens::http {

ConnectionRegistry::ConnectionRegistry(std::size_t total, std::size_t per_client)
    : total_(std::max<std::size_t>(1, total)),
      // A sixteenth of the cap kept free for newcomers: a busy listener recycles idle sockets
      // before it is full, rather than refusing first and evicting afterwards.
      high_water_(total_ -
                  std::min<std::size_t>(total_ - 1, std::max<std::size_t>(1, total_ / 16))),
      per_client_(std::max<std::size_t>(1, per_client)) {}

ConnectionRegistry::Admission ConnectionRegistry::admit(
    const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex_);
  Admission admission;
  const auto& key = connection->peer_client.key;
  if (!connection->trusted_peer) {
    const auto it = holders_.find(key);
    if (it != holders_.end() && it->second.count >= per_client_) {
      admission.verdict = Verdict::kClientAtCap;
      return admission;
    }
  }
  if (connections_.size() >= high_water_) {
    if (Connection* victim = choose_eviction()) {
      unlink(*victim);
      admission.evict = victim->shared_from_this();
    }
  }
  if (connections_.size() >= total_ && admission.evict == nullptr) {
    admission.verdict = Verdict::kFull;
    return admission;
  }
  connections_.insert(connection);
  auto& holder = holders_[key];
  ++holder.count;
  holder.trusted = connection->trusted_peer;
  connection->holder = &holder;
  connection->phase = Phase::kIdle;
  link(*connection);
  return admission;
}

// The client holding the most connections among those with one to spare, and its connection
// evictable longest (ties: the one waiting longest). Trusted proxies carry many clients' kept-
// alive connections: theirs go only when nobody else has one to spare. A scan, but only near the
// cap, over at most one entry per client.
Connection* ConnectionRegistry::choose_eviction() const {
  const Holder* best = nullptr;
  for (const auto& [key, holder] : holders_) {
    if (holder.head == nullptr) continue;
    if (best == nullptr) {
      best = &holder;
      continue;
    }
    if (holder.trusted != best->trusted) {
      if (!holder.trusted) best = &holder;
      continue;
    }
    if (holder.count > best->count ||
        (holder.count == best->count && holder.head->evictable_since < best->head->evictable_since))
      best = &holder;
  }
  return best == nullptr ? nullptr : best->head;
}

void ConnectionRegistry::remove(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex_);
  if (connections_.erase(connection) == 0) return;
  unlink(*connection);
  const auto it = holders_.find(connection->peer_client.key);
  connection->holder = nullptr;
  if (it != holders_.end() && --it->second.count == 0) holders_.erase(it);
}

void ConnectionRegistry::set_phase(Connection& connection, Phase phase) {
  const Phase before = connection.phase.exchange(phase);
  if ((before == Phase::kBusy) == (phase == Phase::kBusy)) return;  // still (not) evictable
  std::lock_guard lock(mutex_);
  if (connection.holder == nullptr) return;  // removed meanwhile
  if (phase == Phase::kBusy) {
    unlink(connection);
  } else {
    link(connection);
  }
}

std::size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

void ConnectionRegistry::for_each(
    const std::function<void(const std::shared_ptr<Connection>&)>& fn) const {
  std::lock_guard lock(mutex_);
  for (const auto& connection : connections_) fn(connection);
}

void ConnectionRegistry::link(Connection& connection) {
  if (connection.in_evictable_list || connection.holder == nullptr) return;
  auto& holder = *connection.holder;
  connection.in_evictable_list = true;
  connection.evictable_since = ++sequence_;
  connection.evictable_prev = holder.tail;
  connection.evictable_next = nullptr;
  if (holder.tail != nullptr) holder.tail->evictable_next = &connection;
  holder.tail = &connection;
  if (holder.head == nullptr) holder.head = &connection;
}

void ConnectionRegistry::unlink(Connection& connection) {
  if (!connection.in_evictable_list) return;
  auto& holder = *connection.holder;
  connection.in_evictable_list = false;
  if (connection.evictable_prev != nullptr)
    connection.evictable_prev->evictable_next = connection.evictable_next;
  if (connection.evictable_next != nullptr)
    connection.evictable_next->evictable_prev = connection.evictable_prev;
  if (holder.head == &connection) holder.head = connection.evictable_next;
  if (holder.tail == &connection) holder.tail = connection.evictable_prev;
  connection.evictable_prev = connection.evictable_next = nullptr;
}

}  // namespace authlens::http
