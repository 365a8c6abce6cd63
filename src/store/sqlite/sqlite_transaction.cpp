#include "store/sqlite/sqlite_transaction.hpp"

#include "store/code_purpose.hpp"
#include "store/sqlite/sqlite_rows.hpp"
#include "store/sqlite/sqlite_statements.hpp"

namespace authlens::store::sqlite {

SqliteTransaction::SqliteTransaction(ConnectionPool<Connection>::Lease lease)
    : lease_(std::move(lease)) {
  // IMMEDIATE takes the write lock now, so writers queue (busy_timeout) instead of failing later
  // when a read snapshot turns out to be stale.
  conn().exec(sql::kBegin);
}

SqliteTransaction::~SqliteTransaction() {
  if (lease_) (*lease_)->rollback_quietly();
}

Connection& SqliteTransaction::conn() {
  if (!lease_) throw StoreError("transaction is no longer open (already committed)");
  return **lease_;
}

// BEGIN IMMEDIATE took the database's write lock: every writer already waits its turn.
void SqliteTransaction::lock(std::string_view) {}

std::optional<Account> SqliteTransaction::find_account_by_email(std::string_view email) {
  std::optional<Account> found;
  conn().run(
      sql::kSelectAccountByEmail, [&](SQLite::Statement& st) { found = read_account(st); }, email);
  return found;
}

std::optional<Account> SqliteTransaction::find_account_by_id(std::int64_t account_id) {
  std::optional<Account> found;
  conn().run(
      sql::kSelectAccountById, [&](SQLite::Statement& st) { found = read_account(st); },
      account_id);
  return found;
}

std::int64_t SqliteTransaction::insert_account(std::string_view email,
                                               std::string_view password_hash, std::int64_t now) {
  conn().exec(sql::kInsertAccount, email, password_hash, now);
  return conn().database().getLastInsertRowid();
}

void SqliteTransaction::set_password_hash(std::int64_t account_id, std::string_view password_hash) {
  conn().exec(sql::kUpdatePasswordHash, password_hash, account_id);
}

bool SqliteTransaction::rehash_password(std::int64_t account_id, std::int64_t expected_version,
                                        std::string_view password_hash) {
  return conn().exec(sql::kRehashPassword, password_hash, account_id, expected_version) > 0;
}

void SqliteTransaction::bump_credential_version(std::int64_t account_id) {
  conn().exec(sql::kBumpCredentialVersion, account_id);
}

void SqliteTransaction::delete_account(std::int64_t account_id) {
  // Sessions and credentials go by ON DELETE CASCADE; challenges name no account by key.
  conn().exec(sql::kDeleteChallengesOf, account_id);
  conn().exec(sql::kDeleteAccount, account_id);
}

std::optional<Code> SqliteTransaction::find_code(const Digest& address, CodePurpose purpose) {
  std::optional<Code> found;
  conn().run(
      sql::kSelectCode,
      [&](SQLite::Statement& st) {
        found = Code{column_digest(st.getColumn(0)), st.getColumn(1).getInt64(),
                     st.getColumn(2).getInt64()};
      },
      address, to_text(purpose));
  return found;
}

void SqliteTransaction::put_code(const Digest& address, CodePurpose purpose, const Code& code) {
  conn().exec(sql::kUpsertCode, address, to_text(purpose), code.hash, code.issued_at,
              code.expires_at);
}

void SqliteTransaction::delete_code(const Digest& address, CodePurpose purpose) {
  conn().exec(sql::kDeleteCode, address, to_text(purpose));
}

void SqliteTransaction::delete_codes(const Digest& address) {
  conn().exec(sql::kDeleteCodes, address);
}

void SqliteTransaction::insert_session(const NewSession& s) {
  conn().exec(sql::kInsertSession, s.token_hash, std::string_view(s.id), s.account_id, s.created_at,
              s.created_at, s.expires_at, std::string_view(s.client_address),
              std::string_view(s.user_agent), std::string_view(s.methods), std::string_view(s.aal));
}

bool SqliteTransaction::delete_session(const Digest& token_hash) {
  return conn().exec(sql::kDeleteSession, token_hash) > 0;
}

std::optional<Session> SqliteTransaction::find_session(const Digest& token_hash, std::int64_t now) {
  std::optional<Session> found;
  conn().run(
      sql::kSelectSession, [&](SQLite::Statement& st) { found = read_session(st); }, token_hash,
      now);
  return found;
}

std::vector<Session> SqliteTransaction::list_sessions(std::int64_t account_id, std::int64_t now) {
  std::vector<Session> out;
  conn().run(
      sql::kListSessions, [&](SQLite::Statement& st) { out.push_back(read_session(st)); },
      account_id, now);
  return out;
}

bool SqliteTransaction::delete_session_by_id(std::int64_t account_id, std::string_view id) {
  return conn().exec(sql::kDeleteSessionById, account_id, id) > 0;
}

void SqliteTransaction::delete_sessions_of(std::int64_t account_id, const Digest* keep) {
  if (keep == nullptr) {
    conn().exec(sql::kDeleteSessionsOf, account_id);
  } else {
    conn().exec(sql::kDeleteSessionsOfExcept, account_id, *keep);
  }
}

EventWindow SqliteTransaction::count_events(std::string_view key, std::int64_t since) {
  EventWindow window;
  conn().run(
      sql::kCountEvents,
      [&](SQLite::Statement& st) {
        window.count = st.getColumn(0).getInt();
        window.oldest_at = st.getColumn(1).getInt64();
      },
      key, since);
  return window;
}

std::int64_t SqliteTransaction::add_event(std::string_view key, std::int64_t now) {
  conn().exec(sql::kInsertEvent, key, now);
  return conn().database().getLastInsertRowid();
}

void SqliteTransaction::remove_event(std::int64_t id) { conn().exec(sql::kDeleteEvent, id); }

void SqliteTransaction::clear_events(std::string_view key) { conn().exec(sql::kDeleteEvents, key); }

std::int64_t SqliteTransaction::enqueue_mail(const OutgoingMail& mail, std::int64_t now) {
  conn().exec(sql::kInsertMail, std::string_view(mail.recipient), std::string_view(mail.kind),
              mail.sealed_code, mail.code_ttl_s, std::string_view(mail.traceparent),
              std::string_view(mail.tracestate), now, std::string_view(mail.client_key),
              static_cast<int>(mail.priority), std::string_view(mail.client_address));
  return conn().database().getLastInsertRowid();
}

void SqliteTransaction::delete_pending_mail(std::string_view recipient, std::string_view kind,
                                            std::string_view other_kind) {
  conn().exec(sql::kDeletePendingMail, recipient, kind, other_kind);
}

void SqliteTransaction::delete_mail_to(std::string_view recipient) {
  conn().exec(sql::kDeleteMailTo, recipient);
}

void SqliteTransaction::commit() {
  conn().exec(sql::kCommit);  // on failure the transaction stays open and is rolled back later
  lease_.reset();
}

}  // namespace authlens::store::sqlite
