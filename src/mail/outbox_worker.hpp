#pragma once
// Delivers the transactional outbox on a few threads of its own (senders), each handing one
// message at a time to the mailer (an SMTP session each, kept for several messages).
//
// Order: the store hands mail out by priority, then one client's message after another's
// (store::goes_before), and each sender claims only a few at a time, so a message queued behind
// a backlog of other clients' mail waits for about one message per client and sender, not for
// the backlog.
//
// Guarantees: a message stays in the outbox until the mail server accepted it (SMTP down: rows
// wait, with backoff; restart: leases expire and another claim picks them up). Once the server
// accepted a message it is never handed to the mailer again by this process: when recording
// "sent" fails, the id is kept in memory and only the record is retried. What no outbox can
// promise: if the process dies between the server's "250" and the record, or loses the
// connection while the server is answering DATA, the message is sent again after the lease.
//
// Permanent rejections (Outcome::kRejected) are parked: marked failed with next attempt at
// kNeverRetry, so they stay in the table for inspection but are never claimed again.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <mutex>
#include <random>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "base/clock.hpp"
#include "mail/code_seal.hpp"
#include "mail/mailer.hpp"
#include "store/store.hpp"

namespace authlens::log {
class Logger;
}
namespace authlens::trace {
class Tracer;
}

namespace authlens::mail {

// next_attempt_at of a permanently rejected message.
using store::kNeverRetry;

// For metrics (authlens_mail_deliveries_total{result}). Called on the worker thread.
class DeliveryObserver {
 public:
  virtual ~DeliveryObserver() = default;
  virtual void on_delivery(std::string_view result /* sent|retry|failed */) = 0;
};

struct OutboxOptions {
  std::chrono::milliseconds poll_interval{500};
  int batch_size = 4;  // claimed at once by one sender: the coarser, the less fair under backlog
  int senders = 4;     // deliveries at once (AUTHLENS_MAIL_SENDERS)
  std::chrono::seconds lease{60};  // a claimed row is ours this long; no delivery starts after half
  std::chrono::seconds backoff_base{2};
  std::chrono::seconds backoff_max{300};
  const Clock* clock = &SystemClock::instance();  // what "now" is for leases, backoff and expiry
};

class OutboxWorker {
 public:
  OutboxWorker(store::Store& store, Mailer& mailer, log::Logger& logger, trace::Tracer& tracer,
               OutboxOptions options = {}, DeliveryObserver* observer = nullptr);
  ~OutboxWorker();  // stop(0) if still running
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  void start();  // once: starts the senders
  // Called by the domain after committing a transaction that queued mail, so delivery starts
  // now instead of at the next poll.
  void wake() noexcept;
  // Lets the current deliveries finish within `grace`, then cancels them (the messages are
  // retried later); unsent rows stay queued. Returns soon after `grace`, joined.
  void stop(std::chrono::milliseconds grace);

  // One pass on the caller's thread, as one sender does it (tests call it with no sender
  // running): records pending "sent" marks, claims a batch and delivers it. Returns how many
  // rows were claimed. Throws store::StoreError when the outbox can't be claimed.
  std::size_t run_once();

 private:
  void loop();
  void record_pending_sent() noexcept;
  bool awaits_record(std::int64_t id);
  void deliver(const store::QueuedMail& mail);
  // The message as it goes out now, or the reason it never will (then it is parked).
  std::variant<Message, std::string> render_now(const store::QueuedMail& mail,
                                                std::int64_t now) const;
  void park(const store::QueuedMail& mail, int attempt, std::string_view reason);
  void notify(std::string_view result) noexcept;
  std::int64_t retry_at(int attempt, std::int64_t now);
  bool stopping() const;

  store::Store& store_;
  Mailer& mailer_;
  log::Logger& logger_;
  trace::Tracer& tracer_;
  const OutboxOptions options_;
  DeliveryObserver* const observer_;
  const CodeSeal seal_;  // opens the codes the domain sealed into the outbox

  // Accepted by the server, not yet recorded: id → when it was accepted. Shared by the senders.
  std::mutex sent_mu_;
  std::unordered_map<std::int64_t, std::int64_t> unrecorded_sent_;
  std::mutex rng_mu_;
  std::mt19937_64 rng_;
  std::atomic<bool> store_down_{false};  // log outages once, not on every poll

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t wakes_ = 0;  // each wake() counts; a sender waits for a newer count
  int finished_ = 0;         // senders that have left their loop
  std::vector<std::thread> threads_;
};

}  // namespace authlens::mail
