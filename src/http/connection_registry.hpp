#pragma once
// Who holds the listener's connections, and who gets the next one. Each client address may hold
// `per_client` connections (trusted proxies excepted: they carry many clients); near the total
// cap, the connection that has waited longest for its next request is closed to make room, so
// idle keep-alive sockets (or sockets that never send) cannot lock other clients out. Only when
// every connection is busy is a new one refused.
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "http/connection.hpp"

namespace authlens::http {

class ConnectionRegistry {
 public:
  ConnectionRegistry(std::size_t total, std::size_t per_client);

  enum class Verdict { kAdmitted, kClientAtCap, kFull };
  struct Admission {
    Verdict verdict = Verdict::kAdmitted;
    std::shared_ptr<Connection> evict;  // to close (on its own executor) to make room
  };
  // Admits a new connection (as idle) or says why not.
  Admission admit(const std::shared_ptr<Connection>& connection);
  void remove(const std::shared_ptr<Connection>& connection);
  // A connection starts waiting for its next request (true) or has begun one (false).
  void set_idle(Connection& connection, bool idle);

  std::size_t size() const;
  void for_each(const std::function<void(const std::shared_ptr<Connection>&)>& fn) const;

 private:
  void link_idle(Connection& connection);
  void unlink_idle(Connection& connection);

  const std::size_t total_;
  const std::size_t high_water_;  // from here on, each new connection evicts the oldest idle one
  const std::size_t per_client_;
  mutable std::mutex mutex_;
  std::unordered_set<std::shared_ptr<Connection>> connections_;
  std::unordered_map<std::string, std::size_t> per_address_;
  Connection* idle_head_ = nullptr;  // idle longest
  Connection* idle_tail_ = nullptr;
};

}  // namespace authlens::http
