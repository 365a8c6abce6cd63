#include "store/postgres/pg_transaction.hpp"

#include "store/code_purpose.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/postgres/pg_statements.hpp"

namespace authlens::store::postgres {

PgTransaction::PgTransaction(Pool& pool, DeadlineClock::time_point deadline) {
  use_.emplace(pool, deadline);
  Connection& c = **use_;
  tx_ = c.traced("begin", [&c] { return std::make_unique<pqxx::work>(c.get()); });
}

PgTransaction::~PgTransaction() = default;

void PgTransaction::lock(std::string_view key) { exec(sql::kLockKey, text(key)); }

std::optional<Account> PgTransaction::find_account_by_email(std::string_view email) {
  const auto r = exec(sql::kSelectAccountByEmail, text(email));
  if (r.empty()) return std::nullopt;
  return read_account(r[0]);
}

std::optional<Account> PgTransaction::find_account_by_id(std::int64_t account_id) {
  const auto r = exec(sql::kSelectAccountById, account_id);
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

bool PgTransaction::rehash_password(std::int64_t account_id, std::int64_t expected_version,
                                    std::string_view password_hash) {
  return exec(sql::kRehashPassword, text(password_hash), account_id, expected_version)
             .affected_rows() > 0;
}

void PgTransaction::bump_credential_version(std::int64_t account_id) {
  exec(sql::kBumpCredentialVersion, account_id);
}

void PgTransaction::delete_account(std::int64_t account_id) {
  // Sessions and credentials go by ON DELETE CASCADE; challenges name no account by key.
  exec(sql::kDeleteChallengesOf, account_id);
  exec(sql::kDeleteAccount, account_id);
}

std::optional<Code> PgTransaction::find_code(const Digest& address, CodePurpose purpose) {
  const auto r = exec(sql::kSelectCode, bytes(address), text(to_text(purpose)));
  if (r.empty()) return std::nullopt;
  return Code{read_digest(r[0][0]), r[0][1].as<std::int64_t>(), r[0][2].as<std::int64_t>()};
}

void PgTransaction::put_code(const Digest& address, CodePurpose purpose, const Code& code) {
  exec(sql::kUpsertCode, bytes(address), text(to_text(purpose)), bytes(code.hash), code.issued_at,
       code.expires_at);
}

void PgTransaction::delete_code(const Digest& address, CodePurpose purpose) {
  exec(sql::kDeleteCode, bytes(address), text(to_text(purpose)));
}

void PgTransaction::delete_codes(const Digest& address) { exec(sql::kDeleteCodes, bytes(address)); }

void PgTransaction::insert_session(const NewSession& s) {
  exec(sql::kInsertSession, bytes(s.token_hash), s.id, s.account_id, s.created_at, s.expires_at,
       s.client_address, s.user_agent, s.methods, s.aal);
}

bool PgTransaction::delete_session(const Digest& token_hash) {
  return exec(sql::kDeleteSession, bytes(token_hash)).affected_rows() > 0;
}

std::optional<Session> PgTransaction::find_session(const Digest& token_hash, std::int64_t now) {
  const auto r = exec(sql::kSelectSession, bytes(token_hash), now);
  if (r.empty()) return std::nullopt;
  return read_session(r[0]);
}

std::vector<Session> PgTransaction::list_sessions(std::int64_t account_id, std::int64_t now) {
  std::vector<Session> out;
  for (const auto& row : exec(sql::kListSessions, account_id, now))
    out.push_back(read_session(row));
  return out;
}

bool PgTransaction::delete_session_by_id(std::int64_t account_id, std::string_view id) {
  return exec(sql::kDeleteSessionById, account_id, text(id)).affected_rows() > 0;
}

void PgTransaction::delete_sessions_of(std::int64_t account_id, const Digest* keep) {
  if (keep == nullptr) {
    exec(sql::kDeleteSessionsOf, account_id);
  } else {
    exec(sql::kDeleteSessionsOfExcept, account_id, bytes(*keep));
  }
}

EventWindow PgTransaction::count_events(std::string_view key, std::int64_t since) {
  const auto r = exec(sql::kCountEvents, text(key), since);
  return EventWindow{r[0][0].as<int>(), r[0][1].as<std::int64_t>()};
}

std::int64_t PgTransaction::add_event(std::string_view key, std::int64_t now) {
  return exec(sql::kInsertEvent, text(key), now)[0][0].as<std::int64_t>();
}

void PgTransaction::remove_event(std::int64_t id) { exec(sql::kDeleteEvent, id); }

void PgTransaction::clear_events(std::string_view key) { exec(sql::kDeleteEvents, text(key)); }

std::int64_t PgTransaction::enqueue_mail(const OutgoingMail& mail, std::int64_t now) {
  return exec(sql::kInsertMail, mail.recipient, mail.kind, bytes(mail.sealed_code), mail.code_ttl_s,
              mail.traceparent, mail.tracestate, now, mail.client_key,
              static_cast<int>(mail.priority), mail.client_address)[0][0]
      .as<std::int64_t>();
}

void PgTransaction::delete_pending_mail(std::string_view recipient, std::string_view kind,
                                        std::string_view other_kind) {
  exec(sql::kDeletePendingMail, text(recipient), text(kind), text(other_kind));
}

void PgTransaction::delete_mail_to(std::string_view recipient) {
  exec(sql::kDeleteMailTo, text(recipient));
}

void PgTransaction::commit() {
  if (!tx_) throw StoreError("commit: transaction is no longer open");
  (*use_)->traced("commit", [this] { tx_->commit(); });
  tx_.reset();
  use_.reset();
}

}  // namespace authlens::store::postgres
