#include "store/postgres/pg_transaction.hpp"

#include "store/code_purpose.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/postgres/pg_statements.hpp"

namespace authlens::store::postgres {

PgTransaction::PgTransaction(ConnectionPool<Connection>::Lease conn) : lease_(std::move(conn)) {
  Connection& c = **lease_;
  tx_ = c.traced("begin", [&c] { return std::make_unique<pqxx::work>(c.get()); });
}

PgTransaction::~PgTransaction() = default;

template <class... Args>
pqxx::result PgTransaction::exec(const NamedSql& sql, Args&&... args) {
  if (!tx_) throw StoreError(std::string(sql.name) + ": transaction is no longer open");
  return (*lease_)->exec(*tx_, sql, std::forward<Args>(args)...);
}

std::optional<Account> PgTransaction::find_account_by_email(std::string_view email) {
  exec(sql::kLockEmail, text(email));
  const auto r = exec(sql::kSelectAccountByEmail, text(email));
  if (r.empty()) return std::nullopt;
  return read_account(r[0]);
}

std::optional<Account> PgTransaction::find_account_by_id(std::int64_t id) {
  const auto r = exec(sql::kSelectAccountById, id);
  if (r.empty()) return std::nullopt;
  return read_account(r[0]);
}

std::int64_t PgTransaction::insert_account(std::string_view email, std::string_view password_hash,
                                           std::int64_t now) {
  return exec(sql::kInsertAccount, text(email), text(password_hash), now)[0][0].as<std::int64_t>();
}

void PgTransaction::set_password_hash(std::int64_t account_id, std::string_view password_hash) {
  exec(sql::kUpdatePasswordHash, text(password_hash), account_id);
}

void PgTransaction::mark_verified(std::int64_t account_id) { exec(sql::kMarkVerified, account_id); }

void PgTransaction::delete_account(std::int64_t account_id) {
  // Sessions and codes go by ON DELETE CASCADE; queued mail stays (harmless, the worker owns it).
  exec(sql::kDeleteAccount, account_id);
  exec(sql::kDeleteFailures, account_failure_key(account_id));
}

std::optional<Code> PgTransaction::find_code(std::int64_t account_id, CodePurpose purpose) {
  const auto r = exec(sql::kSelectCode, account_id, text(to_text(purpose)));
  if (r.empty()) return std::nullopt;
  return Code{account_id, purpose, read_digest(r[0][0]), r[0][1].as<std::int64_t>(),
              r[0][2].as<int>()};
}

void PgTransaction::put_code(const Code& code) {
  exec(sql::kUpsertCode, code.account_id, text(to_text(code.purpose)), bytes(code.hash),
       code.expires_at, code.attempts);
}

void PgTransaction::set_code_attempts(std::int64_t account_id, CodePurpose purpose, int attempts) {
  exec(sql::kUpdateCodeAttempts, attempts, account_id, text(to_text(purpose)));
}

void PgTransaction::delete_code(std::int64_t account_id, CodePurpose purpose) {
  exec(sql::kDeleteCode, account_id, text(to_text(purpose)));
}

void PgTransaction::insert_session(const Digest& token_hash, std::int64_t account_id,
                                   std::int64_t now, std::int64_t expires_at) {
  exec(sql::kInsertSession, bytes(token_hash), account_id, now, expires_at);
}

bool PgTransaction::delete_session(const Digest& token_hash) {
  return exec(sql::kDeleteSession, bytes(token_hash)).affected_rows() > 0;
}

void PgTransaction::delete_sessions_of(std::int64_t account_id, const Digest* keep) {
  if (keep == nullptr) {
    exec(sql::kDeleteSessionsOf, account_id);
  } else {
    exec(sql::kDeleteSessionsOfExcept, account_id, bytes(*keep));
  }
}

FailureWindow PgTransaction::failures_since(std::string_view key, std::int64_t since) {
  const auto r = exec(sql::kCountFailures, text(key), since);
  return FailureWindow{r[0][0].as<int>(), r[0][1].as<std::int64_t>()};
}

void PgTransaction::record_failure(std::string_view key, std::int64_t now) {
  exec(sql::kInsertFailure, text(key), now);
}

void PgTransaction::clear_failures(std::string_view key) { exec(sql::kDeleteFailures, text(key)); }

std::int64_t PgTransaction::enqueue_mail(const OutgoingMail& mail, std::int64_t now) {
  return exec(sql::kInsertMail, mail.recipient, mail.kind, mail.subject, mail.text_body,
              mail.html_body, mail.traceparent, mail.tracestate, now)[0][0]
      .as<std::int64_t>();
}

void PgTransaction::delete_pending_mail(std::string_view recipient, std::string_view kind) {
  exec(sql::kDeletePendingMail, text(recipient), text(kind));
}

std::optional<std::int64_t> PgTransaction::last_mail_sent_at(std::string_view recipient,
                                                             std::string_view kind) {
  return read_optional_int(exec(sql::kLastMailSentAt, text(recipient), text(kind))[0][0]);
}

void PgTransaction::commit() {
  if (!tx_) throw StoreError("commit: transaction is no longer open");
  (*lease_)->traced("commit", [this] { tx_->commit(); });
  tx_.reset();
  lease_.reset();
}

}  // namespace authlens::store::postgres
