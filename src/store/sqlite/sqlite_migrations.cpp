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
};

constexpr NamedSql kCreateMigrations{
    "create_schema_migrations",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "applied_at INTEGER NOT NULL DEFAULT (unixepoch()))"};
constexpr NamedSql kSelectVersion{"select_schema_version",
                                  "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
constexpr NamedSql kInsertVersion{"insert_schema_version",
                                  "INSERT INTO schema_migrations (version) VALUES (?)"};
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
  } catch (...) {
    conn.rollback_quietly();
    throw;
  }
}

}  // namespace authlens::store::sqlite
