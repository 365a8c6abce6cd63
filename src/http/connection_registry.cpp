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
  if (!connection->trusted_peer) {
    const auto it = per_address_.find(connection->peer_text);
    if (it != per_address_.end() && it->second >= per_client_) {
      admission.verdict = Verdict::kClientAtCap;
      return admission;
    }
  }
  if (connections_.size() >= high_water_ && idle_head_ != nullptr) {
    Connection* oldest = idle_head_;
    unlink_idle(*oldest);
    admission.evict = oldest->shared_from_this();
  }
  if (connections_.size() >= total_ && admission.evict == nullptr) {
    admission.verdict = Verdict::kFull;
    return admission;
  }
  connections_.insert(connection);
  ++per_address_[connection->peer_text];
  link_idle(*connection);
  return admission;
}

void ConnectionRegistry::remove(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex_);
  if (connections_.erase(connection) == 0) return;
  unlink_idle(*connection);
  const auto it = per_address_.find(connection->peer_text);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

void ConnectionRegistry::set_idle(Connection& connection, bool idle) {
  connection.idle = idle;
  std::lock_guard lock(mutex_);
  if (idle) {
    link_idle(connection);
  } else {
    unlink_idle(connection);
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

void ConnectionRegistry::link_idle(Connection& connection) {
  if (connection.in_idle_list) return;
  connection.in_idle_list = true;
  connection.idle_prev = idle_tail_;
  connection.idle_next = nullptr;
  if (idle_tail_ != nullptr) idle_tail_->idle_next = &connection;
  idle_tail_ = &connection;
  if (idle_head_ == nullptr) idle_head_ = &connection;
}

void ConnectionRegistry::unlink_idle(Connection& connection) {
  if (!connection.in_idle_list) return;
  connection.in_idle_list = false;
  if (connection.idle_prev != nullptr) connection.idle_prev->idle_next = connection.idle_next;
  if (connection.idle_next != nullptr) connection.idle_next->idle_prev = connection.idle_prev;
  if (idle_head_ == &connection) idle_head_ = connection.idle_next;
  if (idle_tail_ == &connection) idle_tail_ = connection.idle_prev;
  connection.idle_prev = connection.idle_next = nullptr;
}

}  // namespace authlens::http
