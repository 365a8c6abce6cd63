#pragma once
// What the account domain needs from storage as a whole.
//
// Threads: thread-safe; every method may be called from any thread, each call or unit of work
// takes a pooled connection of its own.
#include <memory>
#include <optional>
#include <vector>

#include "account/ports/unit_of_work.hpp"

namespace authlens::account::ports {

// A session's use, to the minute (flows/sessions: last_used_at is written in batches, off the
// request path).
struct SessionUse {
  std::string id;
  std::int64_t at = 0;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // A read-write unit of work (SQLite: BEGIN IMMEDIATE, so writers queue instead of failing late).
  virtual std::unique_ptr<UnitOfWork> begin() = 0;

  // The hot path of every authenticated request: one statement, no explicit transaction. Fills
  // what a bearer needs — the session's id, last use and expiry, and its account without the
  // password hash; the session's metadata (client, user agent, methods, level) comes from
  // Sessions::list_sessions, the hash from the account read where a password is checked.
  virtual std::optional<SessionRecord> find_session(const Digest& token_hash, std::int64_t now) = 0;

  // Writes last_used_at of these sessions, in one transaction (never earlier than it was).
  virtual void record_session_uses(const std::vector<SessionUse>& uses) = 0;

  // A per-deployment random key (created by the first migration) for keyed hashes and seals, so
  // every replica on one database agrees.
  virtual Digest server_key() = 0;
};

}  // namespace authlens::account::ports
