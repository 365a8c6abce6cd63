#pragma once
// Who holds the listener's connections, and who gets the next one. Each client key (an address,
// an IPv6 prefix; see client_identity.hpp) may hold `per_client` connections (trusted proxies
// excepted: they carry many clients). Near the total cap, each newcomer closes one connection
// that is not being answered: of the client holding the most connections, the one that has
// waited longest without completing a request (idle keep-alive, never sent a byte, or sent one
// byte and stopped). So sockets that never finish a request cannot lock other clients out,
// whatever they send; only when every connection is being answered is a newcomer refused.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "http/connection.hpp"

namespace authlens::http {

struct ConnectionHolder {
  std::size_t count = 0;
  bool trusted = false;
  Connection* head = nullptr;  // evictable longest
  Connection* tail = nullptr;
};

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
  // Moves a connection along its request cycle (Phase): idle and reading connections may be
  // evicted, busy ones may not. Idle to reading takes no lock.
  void set_phase(Connection& connection, Phase phase);

  std::size_t size() const;
  void for_each(const std::function<void(const std::shared_ptr<Connection>&)>& fn) const;

 private:
  using Holder = ConnectionHolder;

  Connection* choose_eviction() const;
  void link(Connection& connection);
  void unlink(Connection& connection);

  const std::size_t total_;
  const std::size_t high_water_;  // from here on, each new connection evicts one
  const std::size_t per_client_;
  mutable std::mutex mutex_;
  std::unordered_set<std::shared_ptr<Connection>> connections_;
  // Node-based: a Holder stays where it is while others come and go (connections point at it).
  std::unordered_map<std::string, Holder> holders_;
  std::uint64_t sequence_ = 0;
};

}  // namespace authlens::http
