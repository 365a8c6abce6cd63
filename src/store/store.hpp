#pragma once
// What the account domain needs from storage, and nothing of SQL. One Transaction per flow step;
// SQLite and PostgreSQL implement it. Times are Unix seconds. Failures to reach or use the
// database throw StoreError (the HTTP layer answers 503); everything else is a value.
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/health.hpp"
#include "store/store_options.hpp"

namespace authlens::trace {
class Tracer;
}

namespace authlens::store {

using Digest = std::array<std::uint8_t, 32>;  // SHA-256 of a token, keyed hash of a code

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
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

struct Account {
  std::int64_t id = 0;
  std::string email;          // normalised (lower case): one identity per address
  std::string password_hash;  // libsodium crypto_pwhash_str string
  bool verified = false;      // always true for accounts created since schema 3
  std::int64_t created_at = 0;
};

enum class CodePurpose { kVerify, kReset };

// The live code of one address for one purpose; a newer one replaces it. Codes belong to
// addresses, not accounts: an address proves itself before any account exists for it.
struct Code {
  Digest hash{};  // keyed hash, never the code
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
};

struct Session {
  Account account;
  std::int64_t expires_at = 0;
};

// The events of one throttle key inside a window (failed logins, wrong codes, mail requests).
struct EventWindow {
  int count = 0;
  std::int64_t oldest_at = 0;  // time of the oldest event inside the window (0 when none)
};

using Bytes = std::vector<std::uint8_t>;

// next_attempt_at of mail parked for good (rejected, or its code expired before it could leave).
inline constexpr std::int64_t kNeverRetry = std::numeric_limits<std::int64_t>::max();

// A message waiting in the outbox. The text is rendered only when it is sent, from `kind`; a code
// it carries is kept sealed (mail/code_seal), and the seal is dropped once the message has left.
struct OutgoingMail {
  std::string recipient;
  std::string kind;             // which message (mail/templates.hpp)
  Bytes sealed_code;            // empty when the message carries no code
  std::int64_t code_ttl_s = 0;  // the code's lifetime, for the wording
  std::string traceparent;      // the queuing request's context, so delivery continues its trace
  std::string tracestate;       // and its W3C tracestate, passed on unchanged
};

struct QueuedMail : OutgoingMail {
  std::int64_t id = 0;
  int attempts = 0;  // delivery attempts already made
  std::int64_t created_at = 0;
};

// One flow step. Owned and used by one thread at a time (it holds a pooled connection); never
// shared between threads. Destroying it without commit() rolls back.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Serialises flows that read and then write the state of one key (a client or an address),
  // across threads and replicas, until commit or rollback. SQLite's BEGIN IMMEDIATE already
  // serialises every writer; PostgreSQL takes an advisory lock. Callers take keys in one fixed
  // order (client before address), so two flows never wait for each other in a cycle.
  virtual void lock(std::string_view key) = 0;

  virtual std::optional<Account> find_account_by_email(std::string_view email) = 0;
  // Creates a confirmed account (the caller has just proven the address).
  virtual std::int64_t insert_account(std::string_view email, std::string_view password_hash,
                                      std::int64_t now) = 0;
  virtual void set_password_hash(std::int64_t account_id, std::string_view password_hash) = 0;
  // Removes the account with its sessions.
  virtual void delete_account(std::int64_t account_id) = 0;

  virtual std::optional<Code> find_code(const Digest& address, CodePurpose purpose) = 0;
  // Replaces any code of the same address and purpose.
  virtual void put_code(const Digest& address, CodePurpose purpose, const Code& code) = 0;
  virtual void delete_code(const Digest& address, CodePurpose purpose) = 0;
  virtual void delete_codes(const Digest& address) = 0;  // every purpose

  virtual void insert_session(const Digest& token_hash, std::int64_t account_id, std::int64_t now,
                              std::int64_t expires_at) = 0;
  virtual bool delete_session(const Digest& token_hash) = 0;  // false when there was none
  // Revokes every session of the account except `keep` (when given).
  virtual void delete_sessions_of(std::int64_t account_id, const Digest* keep) = 0;

  // Throttle events: rows of (key, time); limits count them inside a window.
  virtual EventWindow count_events(std::string_view key, std::int64_t since) = 0;
  virtual std::int64_t add_event(std::string_view key, std::int64_t now) = 0;  // its id
  virtual void remove_event(std::int64_t id) = 0;
  virtual void clear_events(std::string_view key) = 0;

  virtual std::int64_t enqueue_mail(const OutgoingMail& mail, std::int64_t now) = 0;
  // Drops unsent mail of these kinds to this address (a newer code supersedes it). Mail being
  // handed to the server right now (leased) stays.
  virtual void delete_pending_mail(std::string_view recipient, std::string_view kind,
                                   std::string_view other_kind) = 0;
  // Drops all mail to this address that is not being handed to the server right now.
  virtual void delete_mail_to(std::string_view recipient) = 0;

  virtual void commit() = 0;
};

// Thread-safe: every method may be called from any thread (I/O threads, the hashing pool, the
// mail worker); each call or transaction takes a pooled connection of its own.
class Store {
 public:
  virtual ~Store() = default;

  // A read-write transaction (SQLite: BEGIN IMMEDIATE, so writers queue instead of failing late).
  virtual std::unique_ptr<Transaction> begin() = 0;

  // The hot path of every authenticated request: one statement, no explicit transaction.
  virtual std::optional<Session> find_session(const Digest& token_hash, std::int64_t now) = 0;

  // A per-deployment random key (created by the first migration) for keyed code hashes, so
  // every replica on one database agrees.
  virtual Digest server_key() = 0;

  // Outbox, for the mail worker. Claiming leases rows until lease_until, so replicas don't
  // deliver the same message concurrently.
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
  // Readiness as the probe and real statements last found it: no call to the database, so it
  // answers at once on any thread, whatever the database is doing.
  bool ready() const noexcept { return health_.writable(); }
  StoreHealth& health() noexcept { return health_; }
  // Housekeeping: expired sessions and codes, throttle events older than `events_before`, sent
  // mail older than `sent_before`.
  virtual void purge(std::int64_t now, std::int64_t events_before, std::int64_t sent_before) = 0;

 protected:
  StoreHealth health_;
};

// Opens `sqlite://PATH` or `postgresql://…` and migrates the schema. Throws StoreError on a bad
// URL or an unreachable database.
std::unique_ptr<Store> open_store(const std::string& url, trace::Tracer& tracer,
                                  const StoreOptions& options = {});

}  // namespace authlens::store
