#pragma once
// The bounded pool where slow handlers (Argon2) run, shared fairly between networks and, within
// each network, between clients.
//
// The bound covers running plus queued jobs: past it a request is refused at once (503) instead
// of piling up 64 MiB hash buffers. Within the bound, each client has its own queue and the
// workers serve in turn: a free worker takes the waiting network with the fewest jobs running,
// and in it the waiting client with the fewest jobs running (among equals, the one waiting
// longest), so a newcomer goes ahead of whoever is already being served and a login waits for
// at most the jobs already running, not for anyone's backlog.
//
// When the pool is full, room is made by pushing out (answering 503) the newest queued job of
// whoever holds the most: of the heaviest network when the asking client's network holds fewer
// jobs than it, else of the heaviest client in the asking client's own network when the asking
// client holds fewer jobs than that one. Whoever holds the most is refused at once. A flood costs
// the flooder: many sources in one network (an IPv4 /24, an IPv6 /48) share one network's turn,
// so they cannot crowd out a client elsewhere however many of them hold one job each.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace authlens::work {

// Whom a job is for: the client's key and the network it belongs to.
struct PoolClient {
  std::string_view key;
  std::string_view network;

  PoolClient(std::string_view key_, std::string_view network_) : key(key_), network(network_) {}
  // A client that is a network of its own.
  PoolClient(std::string_view key_)  // NOLINT(google-explicit-constructor)
      : key(key_), network(key_) {}
  PoolClient(const char* key_)  // NOLINT(google-explicit-constructor)
      : PoolClient(std::string_view(key_)) {}
  PoolClient(const std::string& key_)  // NOLINT(google-explicit-constructor)
      : PoolClient(std::string_view(key_)) {}
};

class WorkPool {
 public:
  WorkPool(std::size_t threads, std::size_t queue_limit);
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // Queues `run` for `client`. Exactly one of the two callbacks is called, once: `run` on a
  // worker when the client's turn comes, or `refused` when there is no room (at once, on this
  // thread) or when the job is later pushed out for a lighter client (on the pushing thread).
  // Neither may block for long or throw.
  void submit(PoolClient client, std::function<void()> run, std::function<void()> refused);

  // Housekeeping that is not any client's (purges): run by the next free worker, outside the
  // per-client bound.
  void post(std::function<void()> job);

  // Refuses every client job still waiting (running ones finish): at shutdown, a queue that
  // would take seconds of hashing to drain is answered 503 at once instead.
  void refuse_waiting();

  // Stops the workers after the jobs already queued; pending client jobs are refused.
  void join();

  std::size_t in_use() const;  // running plus queued client jobs

 private:
  struct Job {
    std::function<void()> run;
    std::function<void()> refused;
  };
  struct Client {
    std::deque<Job> queued;
    std::size_t held = 0;  // running + queued
    std::size_t running() const noexcept { return held - queued.size(); }
  };
  struct Network {
    std::unordered_map<std::string, Client> clients;
    std::deque<std::string> turns;  // its clients with queued jobs, longest waiting first
    std::size_t held = 0;
    std::size_t running = 0;
  };
  // Identifies a running job's client when its slot is given back.
  struct Slot {
    std::string network;
    std::string client;
  };

  void work();
  bool make_room_for(const std::string& network, const std::string& client,
                     std::vector<Job>& pushed_out);
  void push_out_newest(Network& network, const std::string& network_key,
                       std::vector<Job>& pushed_out);
  void give_back(const Slot& slot);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::unordered_map<std::string, Network> networks_;
  std::deque<std::string> turns_;  // networks with queued jobs, longest waiting first
  std::deque<std::function<void()>> background_;
  std::size_t in_use_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace authlens::work
