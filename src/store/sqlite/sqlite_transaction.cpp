#include "store/sqlite/sqlite_transaction.hpp"

#include "store/code_purpose.hpp"
#include "store/sqlite/sqlite_rows.hpp"
#include "store/sqlite/sqlite_statements.hpp"

namespace authlens::store::sqlite {

SqliteTransaction::SqliteTransaction(ConnectionPool<Connection>::Lease conn)
    : conn_(std::move(conn)) {
  // IMMEDIATE takes the write lock now, so writers queue (busy_timeout) instead of failing later
  // when a read snapshot turns out to be stale.
  conn_->exec(sql::kBegin);
}

SqliteTransaction::~SqliteTransaction() {
  if (open_) conn_->rollback_quietly();
}

std::optional<Account> SqliteTransaction::find_account(const NamedSql& sql, const auto& key) {
  std::optional<Account> found;
  conn_->run(
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
  conn_->exec(sql::kInsertAccount, email, password_hash, now);
  return conn_->database().getLastInsertRowid();
}

void SqliteTransaction::set_password_hash(std::int64_t account_id, std::string_view password_hash) {
  conn_->exec(sql::kUpdatePasswordHash, password_hash, account_id);
}

void SqliteTransaction::mark_verified(std::int64_t account_id) {
  conn_->exec(sql::kMarkVerified, account_id);
}

void SqliteTransaction::delete_account(std::int64_t account_id) {
  // Sessions and codes go by ON DELETE CASCADE; queued mail stays (it is harmless and the worker
  // owns it), the throttle rows are keyed by text so they go explicitly.
  conn_->exec(sql::kDeleteAccount, account_id);
  conn_->exec(sql::kDeleteFailures, std::string_view(account_failure_key(account_id)));
}

std::optional<Code> SqliteTransaction::find_code(std::int64_t account_id, CodePurpose purpose) {
  std::optional<Code> found;
  conn_->run(
      sql::kSelectCode,
      [&](SQLite::Statement& st) {
        found = Code{account_id, purpose, column_digest(st.getColumn(0)),
                     st.getColumn(1).getInt64(), st.getColumn(2).getInt()};
      },
      account_id, to_text(purpose));
  return found;
}

void SqliteTransaction::put_code(const Code& code) {
  conn_->exec(sql::kUpsertCode, code.account_id, to_text(code.purpose), code.hash, code.expires_at,
              code.attempts);
}

void SqliteTransaction::set_code_attempts(std::int64_t account_id, CodePurpose purpose,
                                          int attempts) {
  conn_->exec(sql::kUpdateCodeAttempts, attempts, account_id, to_text(purpose));
}

void SqliteTransaction::delete_code(std::int64_t account_id, CodePurpose purpose) {
  conn_->exec(sql::kDeleteCode, account_id, to_text(purpose));
}

void SqliteTransaction::insert_session(const Digest& token_hash, std::int64_t account_id,
                                       std::int64_t now, std::int64_t expires_at) {
  conn_->exec(sql::kInsertSession, token_hash, account_id, now, expires_at);
}

bool SqliteTransaction::delete_session(const Digest& token_hash) {
  return conn_->exec(sql::kDeleteSession, token_hash) > 0;
}

void SqliteTransaction::delete_sessions_of(std::int64_t account_id, const Digest* keep) {
  if (keep == nullptr) {
    conn_->exec(sql::kDeleteSessionsOf, account_id);
  } else {
    conn_->exec(sql::kDeleteSessionsOfExcept, account_id, *keep);
  }
}

FailureWindow SqliteTransaction::failures_since(std::string_view key, std::int64_t since) {
  FailureWindow window;
  conn_->run(
      sql::kCountFailures,
      [&](SQLite::Statement& st) {
        window.count = st.getColumn(0).getInt();
        window.oldest_at = st.getColumn(1).getInt64();
      },
      key, since);
  return window;
}

void SqliteTransaction::record_failure(std::string_view key, std::int64_t now) {
  conn_->exec(sql::kInsertFailure, key, now);
}

void SqliteTransaction::clear_failures(std::string_view key) {
  conn_->exec(sql::kDeleteFailures, key);
}

std::int64_t SqliteTransaction::enqueue_mail(const OutgoingMail& mail, std::int64_t now) {
  conn_->exec(sql::kInsertMail, std::string_view(mail.recipient), std::string_view(mail.kind),
              std::string_view(mail.subject), std::string_view(mail.text_body),
              std::string_view(mail.html_body), std::string_view(mail.traceparent), now, now);
  return conn_->database().getLastInsertRowid();
}

void SqliteTransaction::delete_pending_mail(std::string_view recipient, std::string_view kind) {
  conn_->exec(sql::kDeletePendingMail, recipient, kind);
}

std::optional<std::int64_t> SqliteTransaction::last_mail_sent_at(std::string_view recipient,
                                                                 std::string_view kind) {
  std::optional<std::int64_t> at;
  conn_->run(
      sql::kLastMailSentAt,
      [&](SQLite::Statement& st) { at = column_optional_int(st.getColumn(0)); }, recipient, kind);
  return at;
}

void SqliteTransaction::commit() {
  if (!open_) throw StoreError("commit: transaction is no longer open");
  conn_->exec(sql::kCommit);
  open_ = false;
}

}  // namespace authlens::store::sqlite
