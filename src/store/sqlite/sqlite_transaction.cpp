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

std::optional<Account> SqliteTransaction::find_account(const NamedSql& sql, const auto& key) {
  std::optional<Account> found;
  conn().run(
      sql, [&](SQLite::Statement& st) { found = read_account(st); }, key);
  return found;
}

std::optional<Account> SqliteTransaction::find_account_by_email(std::string_view email) {
  return find_account(sql::kSelectAccountByEmail, email);
}

std::optional<Account> SqliteTransaction::find_account_by_id(std::int64_t id) {
  return find_account(sql::kSelectAccountById, id);
}

std::int64_t SqliteTransaction::insert_account(std::string_view email,
                                               std::string_view password_hash, std::int64_t now) {
  conn().exec(sql::kInsertAccount, email, password_hash, now);
  return conn().database().getLastInsertRowid();
}

void SqliteTransaction::set_password_hash(std::int64_t account_id, std::string_view password_hash) {
  conn().exec(sql::kUpdatePasswordHash, password_hash, account_id);
}

void SqliteTransaction::mark_verified(std::int64_t account_id) {
  conn().exec(sql::kMarkVerified, account_id);
}

void SqliteTransaction::delete_account(std::int64_t account_id) {
  // Sessions and codes go by ON DELETE CASCADE; queued mail stays (it is harmless and the worker
  // owns it), the throttle rows are keyed by text so they go explicitly.
  conn().exec(sql::kDeleteAccount, account_id);
  conn().exec(sql::kDeleteFailures, std::string_view(account_failure_key(account_id)));
}

std::optional<Code> SqliteTransaction::find_code(std::int64_t account_id, CodePurpose purpose) {
  std::optional<Code> found;
  conn().run(
      sql::kSelectCode,
      [&](SQLite::Statement& st) {
        found = Code{account_id, purpose, column_digest(st.getColumn(0)),
                     st.getColumn(1).getInt64(), st.getColumn(2).getInt()};
      },
      account_id, to_text(purpose));
  return found;
}

void SqliteTransaction::put_code(const Code& code) {
  conn().exec(sql::kUpsertCode, code.account_id, to_text(code.purpose), code.hash, code.expires_at,
              code.attempts);
}

void SqliteTransaction::set_code_attempts(std::int64_t account_id, CodePurpose purpose,
                                          int attempts) {
  conn().exec(sql::kUpdateCodeAttempts, attempts, account_id, to_text(purpose));
}

void SqliteTransaction::delete_code(std::int64_t account_id, CodePurpose purpose) {
  conn().exec(sql::kDeleteCode, account_id, to_text(purpose));
}

void SqliteTransaction::insert_session(const Digest& token_hash, std::int64_t account_id,
                                       std::int64_t now, std::int64_t expires_at) {
  conn().exec(sql::kInsertSession, token_hash, account_id, now, expires_at);
}

bool SqliteTransaction::delete_session(const Digest& token_hash) {
  return conn().exec(sql::kDeleteSession, token_hash) > 0;
}

void SqliteTransaction::delete_sessions_of(std::int64_t account_id, const Digest* keep) {
  if (keep == nullptr) {
    conn().exec(sql::kDeleteSessionsOf, account_id);
  } else {
    conn().exec(sql::kDeleteSessionsOfExcept, account_id, *keep);
  }
}

FailureWindow SqliteTransaction::failures_since(std::string_view key, std::int64_t since) {
  FailureWindow window;
  conn().run(
      sql::kCountFailures,
      [&](SQLite::Statement& st) {
        window.count = st.getColumn(0).getInt();
        window.oldest_at = st.getColumn(1).getInt64();
      },
      key, since);
  return window;
}

void SqliteTransaction::record_failure(std::string_view key, std::int64_t now) {
  conn().exec(sql::kInsertFailure, key, now);
}

void SqliteTransaction::clear_failures(std::string_view key) {
  conn().exec(sql::kDeleteFailures, key);
}

std::int64_t SqliteTransaction::enqueue_mail(const OutgoingMail& mail, std::int64_t now) {
  conn().exec(sql::kInsertMail, std::string_view(mail.recipient), std::string_view(mail.kind),
              std::string_view(mail.subject), std::string_view(mail.text_body),
              std::string_view(mail.html_body), std::string_view(mail.traceparent),
              std::string_view(mail.tracestate), now, now);
  return conn().database().getLastInsertRowid();
}

void SqliteTransaction::delete_pending_mail(std::string_view recipient, std::string_view kind) {
  conn().exec(sql::kDeletePendingMail, recipient, kind);
}

std::optional<std::int64_t> SqliteTransaction::last_mail_sent_at(std::string_view recipient,
                                                                 std::string_view kind) {
  std::optional<std::int64_t> at;
  conn().run(
      sql::kLastMailSentAt,
      [&](SQLite::Statement& st) { at = column_optional_int(st.getColumn(0)); }, recipient, kind);
  return at;
}

void SqliteTransaction::commit() {
  conn().exec(sql::kCommit);  // on failure the transaction stays open and is rolled back later
  lease_.reset();
}

}  // namespace authlens::store::sqlite
