#pragma once
// The bounded pool where slow handlers (Argon2) run, shared fairly between client addresses.
//
// The bound covers running plus queued jobs: past it a request is refused at once (503) instead
// of piling up 64 MiB hash buffers. Within the bound, each client has its own queue and the
// workers take one job from each waiting client in turn, so a client with one login waits for at
// most the jobs already running, not for a flooder's backlog: a free worker takes the waiting
// client with the fewest jobs running, so a newcomer goes ahead of a client already being served.
// When the pool is full and a client
// holding fewer jobs than the heaviest one asks, the heaviest client's newest queued job is
// pushed out (answered 503) to make room: a flood costs the flooder, never its neighbours.
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
  void submit(std::string_view client, std::function<void()> run, std::function<void()> refused);

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

  void work();
  bool make_room_for(const std::string& client, std::vector<Job>& pushed_out);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::unordered_map<std::string, Client> clients_;
  std::deque<std::string> turns_;  // clients with queued jobs, longest waiting first
  std::deque<std::function<void()>> background_;
  std::size_t in_use_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace authlens::work
