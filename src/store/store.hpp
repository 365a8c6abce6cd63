#pragma once
// What the account domain needs from storage, and nothing of SQL. One Transaction per flow step;
// SQLite and PostgreSQL implement it. Times are Unix seconds. Failures to reach or use the
// database throw StoreError (the HTTP layer answers 503); everything else is a value.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/health.hpp"

namespace authlens::trace {
class Tracer;
}

namespace authlens::store {

using Digest = std::array<std::uint8_t, 32>;  // SHA-256 of a token, keyed hash of a code

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// At start: the database file cannot be written (read-only file or folder, full disk). The
// message names the file; the service refuses to start (exit 2) rather than answer every write
// with 503.
struct UnwritableDatabase : StoreError {
  using StoreError::StoreError;
};

struct Account {
  std::int64_t id = 0;
  std::string email;          // normalised
  std::string password_hash;  // libsodium crypto_pwhash_str string
  bool verified = false;
  std::int64_t created_at = 0;
};

enum class CodePurpose { kVerify, kReset };

struct Code {
  std::int64_t account_id = 0;
  CodePurpose purpose = CodePurpose::kVerify;
  Digest hash{};
  std::int64_t expires_at = 0;
  int attempts = 0;  // wrong attempts so far
};

struct Session {
  Account account;
  std::int64_t expires_at = 0;
};

// Failed logins counted for one throttle key ("account:<id>" or "client:<address>").
struct FailureWindow {
  int count = 0;
  std::int64_t oldest_at = 0;  // time of the oldest failure inside the window (0 when none)
};

struct OutgoingMail {
  std::string recipient;
  std::string kind;  // "verify", "reset", "notice": for cooldowns and housekeeping
  std::string subject;
  std::string text_body;
  std::string html_body;
  std::string traceparent;  // the queuing request's context, so delivery continues its trace
  std::string tracestate;   // and its W3C tracestate, passed on unchanged
};

struct QueuedMail : OutgoingMail {
  std::int64_t id = 0;
  int attempts = 0;  // delivery attempts already made
  std::int64_t created_at = 0;
};

class Transaction {
 public:
  virtual ~Transaction() = default;  // rolls back unless committed

  virtual std::optional<Account> find_account_by_email(std::string_view email) = 0;
  virtual std::optional<Account> find_account_by_id(std::int64_t id) = 0;
  virtual std::int64_t insert_account(std::string_view email, std::string_view password_hash,
                                      std::int64_t now) = 0;
  virtual void set_password_hash(std::int64_t account_id, std::string_view password_hash) = 0;
  virtual void mark_verified(std::int64_t account_id) = 0;
  // Removes the account with its sessions, codes and throttle rows.
  virtual void delete_account(std::int64_t account_id) = 0;

  virtual std::optional<Code> find_code(std::int64_t account_id, CodePurpose purpose) = 0;
  // Replaces any code of the same account and purpose.
  virtual void put_code(const Code& code) = 0;
  virtual void set_code_attempts(std::int64_t account_id, CodePurpose purpose, int attempts) = 0;
  virtual void delete_code(std::int64_t account_id, CodePurpose purpose) = 0;

  virtual void insert_session(const Digest& token_hash, std::int64_t account_id, std::int64_t now,
                              std::int64_t expires_at) = 0;
  virtual bool delete_session(const Digest& token_hash) = 0;  // false when there was none
  // Revokes every session of the account except `keep` (when given).
  virtual void delete_sessions_of(std::int64_t account_id, const Digest* keep) = 0;

  virtual FailureWindow failures_since(std::string_view key, std::int64_t since) = 0;
  virtual void record_failure(std::string_view key, std::int64_t now) = 0;
  virtual void clear_failures(std::string_view key) = 0;

  virtual std::int64_t enqueue_mail(const OutgoingMail& mail, std::int64_t now) = 0;
  // Drops unsent mail of this kind to this address (a newer code supersedes it).
  virtual void delete_pending_mail(std::string_view recipient, std::string_view kind) = 0;
  // When mail of this kind to this address was last accepted by the mail server.
  virtual std::optional<std::int64_t> last_mail_sent_at(std::string_view recipient,
                                                        std::string_view kind) = 0;

  virtual void commit() = 0;
};

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
  virtual void mark_mail_sent(std::int64_t id, std::int64_t now) = 0;
  virtual void mark_mail_failed(std::int64_t id, int attempts, std::int64_t next_attempt_at,
                                std::string_view error) = 0;
  virtual std::int64_t pending_mail_count() = 0;

  virtual bool ping() noexcept = 0;  // the database answers a read
  // Commits a tiny write and reports the outcome to health(): how an outage is noticed before a
  // request meets it, and how its end is noticed at all. Run periodically, off the I/O threads.
  virtual void probe_write() noexcept {}
  // Readiness: writes work (as far as real statements and the probe know) and reads answer.
  bool ready() noexcept { return health_.writable() && ping(); }
  StoreHealth& health() noexcept { return health_; }
  // Housekeeping: expired sessions and codes, old throttle rows, sent mail older than
  // `sent_before`.
  virtual void purge(std::int64_t now, std::int64_t sent_before) = 0;

 protected:
  StoreHealth health_;
};

// Opens `sqlite://PATH` or `postgresql://…` and migrates the schema. Throws StoreError on a bad
// URL or an unreachable database.
std::unique_ptr<Store> open_store(const std::string& url, trace::Tracer& tracer);

}  // namespace authlens::store
