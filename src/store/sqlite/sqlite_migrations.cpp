#include "store/sqlite/sqlite_migrations.hpp"

#include <sodium.h>

#include <cstdint>

#include "store/sqlite/sqlite_statements.hpp"

namespace authlens::store::sqlite {
namespace {

struct Migration {
  int version;
  NamedSql script;
};

// Append only: a released migration never changes, a new one gets the next number.
constexpr Migration kMigrations[] = {
    {1,
     {"migration_1_initial",
      R"sql(
CREATE TABLE meta (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE codes (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL,
  hash BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, purpose)
) WITHOUT ROWID;
CREATE INDEX codes_expires_at ON codes (expires_at);

CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_account_id ON sessions (account_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);
CREATE INDEX login_failures_at ON login_failures (at);

-- AUTOINCREMENT: an id is never reused, so a stale lease can't touch a newer message.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recipient TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  traceparent TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  sent_at INTEGER,
  last_error TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_recipient_kind_sent ON outbox (recipient, kind, sent_at);
)sql"}},
    {2,
     {"migration_2_outbox_tracestate",
      "ALTER TABLE outbox ADD COLUMN tracestate TEXT NOT NULL DEFAULT '';"}},
    {3,
     {"migration_3_addresses_prove_themselves",
      R"sql(
-- An unconfirmed account held a password anyone could have set (pre-hijacking): such rows go,
-- and their owners confirm again. Only confirmed accounts exist from here on.
DELETE FROM accounts WHERE verified = 0;
-- One identity per address, whatever its case. Where case variants collide, the oldest takes
-- the lower-case spelling; the others stay unreachable for an operator to merge or remove.
UPDATE accounts SET email = lower(email)
 WHERE email <> lower(email)
   AND id = (SELECT MIN(b.id) FROM accounts b WHERE lower(b.email) = lower(accounts.email))
   AND NOT EXISTS (SELECT 1 FROM accounts c WHERE c.email = lower(accounts.email));

-- Codes belong to an address (keyed hash of it), not to an account.
DROP TABLE codes;
CREATE TABLE codes (
  address BLOB NOT NULL,
  purpose TEXT NOT NULL,
  hash BLOB NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (address, purpose)
) WITHOUT ROWID;
CREATE INDEX codes_expires_at ON codes (expires_at);

DROP TABLE login_failures;
CREATE TABLE throttle_events (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX throttle_events_key_at ON throttle_events (key, at);
CREATE INDEX throttle_events_at ON throttle_events (at);

-- Mail is rendered when it is sent; the code it carries waits sealed. Unsent mail of the old
-- shape carries codes the new table no longer knows, and sent mail kept them in plain text.
DELETE FROM outbox WHERE sent_at IS NULL;
ALTER TABLE outbox DROP COLUMN subject;
ALTER TABLE outbox DROP COLUMN text_body;
ALTER TABLE outbox DROP COLUMN html_body;
ALTER TABLE outbox ADD COLUMN sealed_code BLOB;
ALTER TABLE outbox ADD COLUMN code_ttl_s INTEGER NOT NULL DEFAULT 0;
DROP INDEX outbox_recipient_kind_sent;
CREATE INDEX outbox_recipient ON outbox (recipient);
)sql"}},
    {4,
     {"migration_4_credential_versions",
      R"sql(
-- Every credential change bumps the version; a flow that verified something before it lost.
ALTER TABLE accounts ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 0;
-- Hashes from here on are of the NFKC form; older ones may be of the raw bytes.
ALTER TABLE accounts ADD COLUMN password_nfkc INTEGER NOT NULL DEFAULT 0;
-- Who asked for a message (a notice to the owner names it).
ALTER TABLE outbox ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
)sql"}},
    {5,
     {"migration_5_factors_and_sessions",
      R"sql(
-- What GET /me shows of the factors ("recovery_code:10,totp:1"), kept by the store.
ALTER TABLE accounts ADD COLUMN credential_summary TEXT NOT NULL DEFAULT '';

-- Sessions a user can see and end: a public id (never the token), when and how they were signed
-- in, from where, and when last used (to the minute).
ALTER TABLE sessions ADD COLUMN id TEXT;
UPDATE sessions SET id = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX sessions_id ON sessions (id);
ALTER TABLE sessions ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_used_at = created_at;
ALTER TABLE sessions ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN methods TEXT NOT NULL DEFAULT 'password';
ALTER TABLE sessions ADD COLUMN aal TEXT NOT NULL DEFAULT 'aal1';

-- Credentials other than the password, one table for every strategy (TOTP, recovery codes,
-- passkeys). Secrets are sealed, codes are keyed hashes: nothing here is usable as read.
CREATE TABLE credentials (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  identifier BLOB,
  secret BLOB,
  public_data BLOB,
  name TEXT NOT NULL DEFAULT '',
  counter INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX credentials_account_type ON credentials (account_id, type);
CREATE UNIQUE INDEX credentials_type_identifier ON credentials (type, identifier)
  WHERE identifier IS NOT NULL;

-- Pending steps of flows that span requests (a login's second step, passkey ceremonies), named by
-- the digest of the handle the client holds.
CREATE TABLE challenges (
  handle_hash BLOB PRIMARY KEY,
  kind TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  credential_version INTEGER NOT NULL,
  data BLOB,
  expires_at INTEGER NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX challenges_expires_at ON challenges (expires_at);
CREATE INDEX challenges_account_id ON challenges (account_id);
)sql"}},
    {6,
     {"migration_6_outbox_fair_queue",
      R"sql(
-- Mail leaves by priority, then one client's message after another's (each message's turn in
-- the round of clients), so one client's backlog delays nobody else's mail.
ALTER TABLE outbox ADD COLUMN client_key TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN turn INTEGER NOT NULL DEFAULT 0;
-- Mail queued before keeps its order.
UPDATE outbox SET turn = id WHERE sent_at IS NULL;
-- Pending, not parked: what claims and the next turn look at.
CREATE INDEX outbox_claim_order ON outbox (priority, turn, id)
  WHERE sent_at IS NULL AND next_attempt_at < 9223372036854775807;
CREATE INDEX outbox_pending_turns ON outbox (turn)
  WHERE sent_at IS NULL AND next_attempt_at < 9223372036854775807;
CREATE INDEX outbox_client_turns ON outbox (client_key, turn)
  WHERE sent_at IS NULL AND next_attempt_at < 9223372036854775807;
)sql"}},
};

constexpr NamedSql kCreateMigrations{
    "create_schema_migrations",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "applied_at INTEGER NOT NULL DEFAULT (unixepoch()))"};
constexpr NamedSql kSelectVersion{"select_schema_version",
                                  "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
constexpr NamedSql kInsertVersion{"insert_schema_version",
                                  "INSERT INTO schema_migrations (version) VALUES (?)"};
constexpr NamedSql kVacuum{"vacuum", "VACUUM"};
constexpr NamedSql kInsertServerKey{"insert_server_key",
                                    "INSERT INTO meta (name, value) VALUES ('server_key', ?)"};

void seed_server_key(Connection& conn) {
  Digest key{};
  randombytes_buf(key.data(), key.size());
  conn.exec(kInsertServerKey, key);
  sodium_memzero(key.data(), key.size());
}

}  // namespace

void migrate(Connection& conn) {
  if (sodium_init() < 0) throw StoreError("libsodium failed to initialise");
  conn.exec(sql::kBegin);
  try {
    conn.exec(kCreateMigrations);
    std::int64_t current = 0;
    conn.run(kSelectVersion, [&](SQLite::Statement& st) { current = st.getColumn(0).getInt64(); });
    for (const Migration& m : kMigrations) {
      if (m.version <= current) continue;
      conn.exec_script(m.script);
      if (m.version == 1) seed_server_key(conn);
      conn.exec(kInsertVersion, m.version);
    }
    conn.exec(sql::kCommit);
    // Migration 3 deleted mail bodies with codes in them; rewrite the file so that no free page
    // still holds their bytes (VACUUM cannot run inside the migration's transaction).
    if (current > 0 && current < 3) conn.exec_script(kVacuum);
  } catch (...) {
    conn.rollback_quietly();
    throw;
  }
}

}  // namespace authlens::store::sqlite
