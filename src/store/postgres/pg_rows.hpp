#pragma once
// Parameters and result rows between libpqxx 6 and the store's value types.
#include <cstdint>
#include <cstring>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace authlens::store::postgres {

// libpqxx 6 has no string_view parameters; BYTEA goes as a binary parameter.
inline std::string text(std::string_view v) { return std::string(v); }
inline pqxx::binarystring bytes(const Digest& d) { return pqxx::binarystring(d.data(), d.size()); }

inline Digest read_digest(const pqxx::field& f) {
  const pqxx::binarystring b(f);
  Digest d{};
  if (b.size() != d.size()) throw StoreError("digest column has the wrong size");
  std::memcpy(d.data(), b.data(), d.size());
  return d;
}

inline std::optional<std::int64_t> read_optional_int(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::int64_t>();
}

inline constexpr int kAccountColumns = 7;

// The columns of ACCOUNT_COLUMNS (pg_statements.hpp) starting at `first`.
inline Account read_account(const pqxx::row& r, int first = 0) {
  Account a;
  a.id = r[first].as<std::int64_t>();
  a.email = r[first + 1].as<std::string>();
  a.password_hash = r[first + 2].as<std::string>();
  a.created_at = r[first + 3].as<std::int64_t>();
  a.credential_version = r[first + 4].as<std::int64_t>();
  a.password_nfkc = r[first + 5].as<bool>();
  a.credential_summary = r[first + 6].as<std::string>();
  return a;
}

// ACCOUNT_COLUMNS, then SESSION_COLUMNS.
inline Session read_session(const pqxx::row& r) {
  Session s;
  s.account = read_account(r);
  const int f = kAccountColumns;
  s.id = r[f].as<std::string>();
  s.created_at = r[f + 1].as<std::int64_t>();
  s.last_used_at = r[f + 2].as<std::int64_t>();
  s.expires_at = r[f + 3].as<std::int64_t>();
  s.client_address = r[f + 4].as<std::string>();
  s.user_agent = r[f + 5].as<std::string>();
  s.methods = r[f + 6].as<std::string>();
  s.aal = r[f + 7].as<std::string>();
  return s;
}

// kSelectBearerSession's columns.
inline Session read_bearer_session(const pqxx::row& r) {
  Session s;
  s.account.id = r[0].as<std::int64_t>();
  s.account.email = r[1].as<std::string>();
  s.account.created_at = r[2].as<std::int64_t>();
  s.account.credential_version = r[3].as<std::int64_t>();
  s.account.credential_summary = r[4].as<std::string>();
  s.id = r[5].as<std::string>();
  s.last_used_at = r[6].as<std::int64_t>();
  s.expires_at = r[7].as<std::int64_t>();
  return s;
}

inline pqxx::binarystring bytes(const Bytes& b) { return pqxx::binarystring(b.data(), b.size()); }

inline Bytes read_bytes(const pqxx::field& f) {
  if (f.is_null()) return {};
  const pqxx::binarystring b(f);
  return Bytes(b.data(), b.data() + b.size());
}

inline CredentialRecord read_credential(const pqxx::row& r) {
  CredentialRecord c;
  c.id = r[0].as<std::int64_t>();
  c.account_id = r[1].as<std::int64_t>();
  c.type = r[2].as<std::string>();
  c.state = r[3].as<std::string>();
  c.identifier = read_bytes(r[4]);
  c.secret = read_bytes(r[5]);
  c.public_data = read_bytes(r[6]);
  c.name = r[7].as<std::string>();
  c.counter = r[8].as<std::int64_t>();
  c.created_at = r[9].as<std::int64_t>();
  c.last_used_at = r[10].as<std::int64_t>();
  return c;
}

inline ChallengeRecord read_challenge(const pqxx::row& r) {
  ChallengeRecord c;
  c.handle_hash = read_digest(r[0]);
  c.kind = r[1].as<std::string>();
  c.account_id = r[2].as<std::int64_t>();
  c.credential_version = r[3].as<std::int64_t>();
  c.data = read_bytes(r[4]);
  c.expires_at = r[5].as<std::int64_t>();
  c.failures = r[6].as<int>();
  return c;
}

// Reads id, recipient, kind, sealed_code, code_ttl_s, traceparent, tracestate, created_at,
// attempts, client_address, client_key, priority, turn.
inline QueuedMail read_queued_mail(const pqxx::row& r) {
  QueuedMail m;
  m.id = r[0].as<std::int64_t>();
  m.recipient = r[1].as<std::string>();
  m.kind = r[2].as<std::string>();
  m.sealed_code = read_bytes(r[3]);
  m.code_ttl_s = r[4].as<std::int64_t>();
  m.traceparent = r[5].as<std::string>();
  m.tracestate = r[6].as<std::string>();
  m.created_at = r[7].as<std::int64_t>();
  m.attempts = r[8].as<int>();
  m.client_address = r[9].as<std::string>();
  m.client_key = r[10].as<std::string>();
  m.priority = static_cast<MailPriority>(r[11].as<int>());
  m.turn = r[12].as<std::int64_t>();
  return m;
}

}  // namespace authlens::store::postgres
