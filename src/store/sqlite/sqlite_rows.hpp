#pragma once
// Turning SQLite result rows into the store's value types; the column lists they expect are in
// sqlite_statements.hpp (ACCOUNT_COLUMNS, SESSION_COLUMNS, CREDENTIAL_COLUMNS).
#include <SQLiteCpp/Statement.h>

#include "store/sqlite/sqlite_bind.hpp"
#include "store/store.hpp"

namespace authlens::store::sqlite {

inline constexpr int kAccountColumns = 7;

inline Account read_account(SQLite::Statement& st, int first = 0) {
  Account a;
  a.id = st.getColumn(first).getInt64();
  a.email = st.getColumn(first + 1).getString();
  a.password_hash = st.getColumn(first + 2).getString();
  a.created_at = st.getColumn(first + 3).getInt64();
  a.credential_version = st.getColumn(first + 4).getInt64();
  a.password_nfkc = st.getColumn(first + 5).getInt() != 0;
  a.credential_summary = st.getColumn(first + 6).getString();
  return a;
}

// ACCOUNT_COLUMNS, then SESSION_COLUMNS.
inline Session read_session(SQLite::Statement& st) {
  Session s;
  s.account = read_account(st);
  const int f = kAccountColumns;
  s.id = st.getColumn(f).getString();
  s.created_at = st.getColumn(f + 1).getInt64();
  s.last_used_at = st.getColumn(f + 2).getInt64();
  s.expires_at = st.getColumn(f + 3).getInt64();
  s.client_address = st.getColumn(f + 4).getString();
  s.user_agent = st.getColumn(f + 5).getString();
  s.methods = st.getColumn(f + 6).getString();
  s.aal = st.getColumn(f + 7).getString();
  return s;
}

// kSelectBearerSession's columns.
inline Session read_bearer_session(SQLite::Statement& st) {
  Session s;
  s.account.id = st.getColumn(0).getInt64();
  s.account.email = st.getColumn(1).getString();
  s.account.created_at = st.getColumn(2).getInt64();
  s.account.credential_version = st.getColumn(3).getInt64();
  s.account.credential_summary = st.getColumn(4).getString();
  s.id = st.getColumn(5).getString();
  s.last_used_at = st.getColumn(6).getInt64();
  s.expires_at = st.getColumn(7).getInt64();
  return s;
}

inline CredentialRecord read_credential(SQLite::Statement& st) {
  CredentialRecord c;
  c.id = st.getColumn(0).getInt64();
  c.account_id = st.getColumn(1).getInt64();
  c.type = st.getColumn(2).getString();
  c.state = st.getColumn(3).getString();
  c.identifier = column_bytes(st.getColumn(4));
  c.secret = column_bytes(st.getColumn(5));
  c.public_data = column_bytes(st.getColumn(6));
  c.name = st.getColumn(7).getString();
  c.counter = st.getColumn(8).getInt64();
  c.created_at = st.getColumn(9).getInt64();
  c.last_used_at = st.getColumn(10).getInt64();
  return c;
}

inline ChallengeRecord read_challenge(SQLite::Statement& st) {
  ChallengeRecord c;
  c.handle_hash = column_digest(st.getColumn(0));
  c.kind = st.getColumn(1).getString();
  c.account_id = st.getColumn(2).getInt64();
  c.credential_version = st.getColumn(3).getInt64();
  c.data = column_bytes(st.getColumn(4));
  c.expires_at = st.getColumn(5).getInt64();
  c.failures = st.getColumn(6).getInt();
  return c;
}

// Reads id, recipient, kind, sealed_code, code_ttl_s, traceparent, tracestate, created_at,
// attempts, client_address, client_key, priority, turn.
inline QueuedMail read_queued_mail(SQLite::Statement& st) {
  QueuedMail m;
  m.id = st.getColumn(0).getInt64();
  m.recipient = st.getColumn(1).getString();
  m.kind = st.getColumn(2).getString();
  m.sealed_code = column_bytes(st.getColumn(3));
  m.code_ttl_s = st.getColumn(4).getInt64();
  m.traceparent = st.getColumn(5).getString();
  m.tracestate = st.getColumn(6).getString();
  m.created_at = st.getColumn(7).getInt64();
  m.attempts = st.getColumn(8).getInt();
  m.client_address = st.getColumn(9).getString();
  m.client_key = st.getColumn(10).getString();
  m.priority = static_cast<MailPriority>(st.getColumn(11).getInt());
  m.turn = st.getColumn(12).getInt64();
  return m;
}

}  // namespace authlens::store::sqlite
