#pragma once
// The store: the account domain's ports (account/ports/) on SQLite or PostgreSQL, plus what the
// mail worker and the operator need of it (the outbox's delivery side, health, housekeeping).
// Failures to reach or use the database throw StoreError (the HTTP layer answers 503);
// everything else is a value.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "account/ports/account_store.hpp"
#include "store/health.hpp"
#include "store/store_options.hpp"

namespace authlens::trace {
class Tracer;
}

namespace authlens::store {

// The domain's values, under the names the store code has always used.
using account::ports::Bytes;
using account::ports::Digest;
using Account = account::ports::AccountRecord;
using Code = account::ports::CodeRecord;
using Session = account::ports::SessionRecord;
using account::ports::ChallengeRecord;
using account::ports::CodePurpose;
using account::ports::CredentialRecord;
using account::ports::EventWindow;
using account::ports::MailPriority;
using account::ports::NewSession;
using account::ports::OutgoingMail;
using account::ports::SessionUse;
using Transaction = account::ports::UnitOfWork;

struct StoreError : account::ports::Unavailable {
  using account::ports::Unavailable::Unavailable;
};

// The database did not answer within the call's deadline (store/deadline.hpp), or the call's
// time ran out before it could start; answered like any outage (503 unavailable, Retry-After).
struct StoreTimeout : StoreError {
  using StoreError::StoreError;
};

// At start: the database file cannot be written (read-only file or folder, full disk). The
// message names the file; the service refuses to start (exit 2) rather than answer every write
// with 503.
struct UnwritableDatabase : StoreError {
  using StoreError::StoreError;
};

// next_attempt_at of mail parked for good (rejected, or its code expired before it could leave).
inline constexpr std::int64_t kNeverRetry = std::numeric_limits<std::int64_t>::max();

struct QueuedMail : OutgoingMail {
  std::int64_t id = 0;
  int attempts = 0;  // delivery attempts already made
  std::int64_t created_at = 0;
  // The message's place in the outbox's round of clients, given when it was queued: one more
  // than its client's last queued message, and never before the round being served. Claims go
  // by (priority, turn, id).
  std::int64_t turn = 0;
};

// The order claims hand mail out in.
inline bool goes_before(const QueuedMail& a, const QueuedMail& b) {
  if (a.priority != b.priority) return a.priority < b.priority;
  if (a.turn != b.turn) return a.turn < b.turn;
  return a.id < b.id;
}

// Thread-safe: every method may be called from any thread (I/O threads, the hashing pool, the
// mail worker); each call or transaction takes a pooled connection of its own.
class Store : public account::ports::AccountStore {
 public:
  ~Store() override = default;

  // Outbox, for the mail worker. Claiming leases rows until lease_until, so replicas (and the
  // worker's senders) don't deliver the same message concurrently; rows come in goes_before()
  // order: by priority, then one client's message after another's.
  virtual std::vector<QueuedMail> claim_due_mail(std::int64_t now, std::int64_t lease_until,
                                                 int limit) = 0;
  // Sent, or parked for good (next_attempt_at == kNeverRetry), the sealed code is dropped: once
  // the message has left, or will never leave, nothing needs it.
  virtual void mark_mail_sent(std::int64_t id, std::int64_t now) = 0;
  virtual void mark_mail_failed(std::int64_t id, int attempts, std::int64_t next_attempt_at,
                                std::string_view error) = 0;
  virtual std::int64_t pending_mail_count() = 0;

  virtual bool
  ping() noexcept = 0;  // the database answers a read (waits on it: not on I/O threads)
  // Commits a tiny write and reports the outcome to health(): how an outage is noticed before a
  // request meets it, and how its end is noticed at all. Run periodically, off the I/O threads.
  virtual void probe_write() noexcept {}
  // Keeps the database's own files bounded (SQLite: moves the write-ahead log into the file and
  // truncates it, if no writer is busy right now; it tries again next time). Run periodically,
  // off the I/O threads.
  virtual void checkpoint() noexcept {}
  // Readiness as the probe and real statements last found it: no call to the database, so it
  // answers at once on any thread, whatever the database is doing.
  bool ready() const noexcept { return health_.writable(); }
  StoreHealth& health() noexcept { return health_; }
  // Housekeeping: expired sessions, codes and challenges, throttle events older than
  // `events_before`, sent mail older than `sent_before`.
  virtual void purge(std::int64_t now, std::int64_t events_before, std::int64_t sent_before) = 0;

 protected:
  StoreHealth health_;
};

// Opens `sqlite://PATH` or `postgresql://…` and migrates the schema. Throws StoreError on a bad
// URL or an unreachable database.
std::unique_ptr<Store> open_store(const std::string& url, trace::Tracer& tracer,
                                  const StoreOptions& options = {});

}  // namespace authlens::store
