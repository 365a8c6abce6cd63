#pragma once
// The client-side bound on every wait for PostgreSQL. libpq waits for an answer in poll() with no
// time limit, and a frozen server (SIGSTOP, a stalled disk) or a partitioned network never
// answers — on loopback the kernel even acknowledges what the frozen server never reads, so no
// TCP timeout fires either. Past a use's deadline the watchdog shuts the connection's socket
// down, which wakes libpq at once with an error; the descriptor stays open (shutdown, not
// close), so it can never be reused under libpq's feet. Written by hand because libpqxx 6 has
// no per-call timeout and libpq's asynchronous API would mean leaving libpqxx altogether.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "store/deadline.hpp"

namespace authlens::store::postgres {

class Watchdog {
 public:
  // What the watchdog knows of one connection; owned by the connection, registered while armed.
  struct Entry {
    int fd = -1;  // -1: no socket open (the connection is being replaced)
    DeadlineClock::time_point deadline{};
    bool armed = false;
    bool fired = false;  // the deadline passed and the socket was shut down
  };

  Watchdog();
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Watches `entry` until disarm: at `deadline`, its socket (if any) is shut down.
  void arm(Entry& entry, int fd, DeadlineClock::time_point deadline);
  // The connection's socket changed (a reconnect) or is about to close (-1). A deadline that has
  // already passed shuts the new socket down at once.
  void set_fd(Entry& entry, int fd);
  // Stops watching; true when the deadline fired (the socket is shut down: the connection is gone).
  bool disarm(Entry& entry) noexcept;
  // Whether the deadline of the armed `entry` has fired.
  bool fired(const Entry& entry) const;

 private:
  void run();
  void fire(Entry& entry);  // with mutex_ held

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Entry*> armed_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace authlens::store::postgres
