#pragma once
// Turning SQLite result rows into the store's value types.
#include <SQLiteCpp/Statement.h>

#include "store/sqlite/sqlite_bind.hpp"
#include "store/store.hpp"

namespace authlens::store::sqlite {

// Reads id, email, password_hash, verified, created_at, credential_version, password_nfkc
// starting at column `first`.
inline constexpr int kAccountColumns = 7;

inline Account read_account(SQLite::Statement& st, int first = 0) {
  Account a;
  a.id = st.getColumn(first).getInt64();
  a.email = st.getColumn(first + 1).getString();
  a.password_hash = st.getColumn(first + 2).getString();
  a.verified = st.getColumn(first + 3).getInt() != 0;
  a.created_at = st.getColumn(first + 4).getInt64();
  a.credential_version = st.getColumn(first + 5).getInt64();
  a.password_nfkc = st.getColumn(first + 6).getInt() != 0;
  return a;
}

// Reads id, recipient, kind, sealed_code, code_ttl_s, traceparent, tracestate, created_at,
// attempts, client_address.
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
  return m;
}

}  // namespace authlens::store::sqlite
