#pragma once
// Every statement the SQLite store runs, named as traces show it. Parameters bind in order.
#include "store/named_sql.hpp"

namespace authlens::store::sqlite::sql {

inline constexpr NamedSql kBegin{"begin", "BEGIN IMMEDIATE"};
inline constexpr NamedSql kCommit{"commit", "COMMIT"};
inline constexpr NamedSql kRollback{"rollback", "ROLLBACK"};
inline constexpr NamedSql kPing{"ping", "SELECT 1"};

inline constexpr NamedSql kSelectServerKey{"select_server_key",
                                           "SELECT value FROM meta WHERE name = 'server_key'"};

inline constexpr NamedSql kSelectAccountByEmail{
    "select_account_by_email",
    "SELECT id, email, password_hash, verified, created_at FROM accounts WHERE email = ?"};
inline constexpr NamedSql kSelectAccountById{
    "select_account_by_id",
    "SELECT id, email, password_hash, verified, created_at FROM accounts WHERE id = ?"};
inline constexpr NamedSql kInsertAccount{
    "insert_account",
    "INSERT INTO accounts (email, password_hash, verified, created_at) VALUES (?, ?, 0, ?)"};
inline constexpr NamedSql kUpdatePasswordHash{"update_password_hash",
                                              "UPDATE accounts SET password_hash = ? WHERE id = ?"};
inline constexpr NamedSql kMarkVerified{"mark_verified",
                                        "UPDATE accounts SET verified = 1 WHERE id = ?"};
inline constexpr NamedSql kDeleteAccount{"delete_account", "DELETE FROM accounts WHERE id = ?"};

inline constexpr NamedSql kSelectCode{
    "select_code",
    "SELECT hash, expires_at, attempts FROM codes WHERE account_id = ? AND purpose = ?"};
inline constexpr NamedSql kUpsertCode{
    "upsert_code",
    "INSERT INTO codes (account_id, purpose, hash, expires_at, attempts) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (account_id, purpose) DO UPDATE SET hash = excluded.hash, "
    "expires_at = excluded.expires_at, attempts = excluded.attempts"};
inline constexpr NamedSql kUpdateCodeAttempts{
    "update_code_attempts", "UPDATE codes SET attempts = ? WHERE account_id = ? AND purpose = ?"};
inline constexpr NamedSql kDeleteCode{"delete_code",
                                      "DELETE FROM codes WHERE account_id = ? AND purpose = ?"};

inline constexpr NamedSql kInsertSession{
    "insert_session",
    "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)"};
inline constexpr NamedSql kSelectSession{
    "select_session",
    "SELECT a.id, a.email, a.password_hash, a.verified, a.created_at, s.expires_at "
    "FROM sessions s JOIN accounts a ON a.id = s.account_id "
    "WHERE s.token_hash = ? AND s.expires_at > ?"};
inline constexpr NamedSql kDeleteSession{"delete_session",
                                         "DELETE FROM sessions WHERE token_hash = ?"};
inline constexpr NamedSql kDeleteSessionsOf{"delete_sessions_of",
                                            "DELETE FROM sessions WHERE account_id = ?"};
inline constexpr NamedSql kDeleteSessionsOfExcept{
    "delete_sessions_of_except", "DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?"};

inline constexpr NamedSql kCountFailures{
    "count_login_failures",
    "SELECT COUNT(*), COALESCE(MIN(at), 0) FROM login_failures WHERE key = ? AND at >= ?"};
inline constexpr NamedSql kInsertFailure{"insert_login_failure",
                                         "INSERT INTO login_failures (key, at) VALUES (?, ?)"};
inline constexpr NamedSql kDeleteFailures{"delete_login_failures",
                                          "DELETE FROM login_failures WHERE key = ?"};

inline constexpr NamedSql kInsertMail{
    "insert_mail",
    "INSERT INTO outbox (recipient, kind, subject, text_body, html_body, traceparent, tracestate, "
    "created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"};
// Leased rows stay: a worker may be handing that message to the mail server right now, and its
// mark_mail_sent must find the row (the cooldown counts from it).
inline constexpr NamedSql kDeletePendingMail{
    "delete_pending_mail",
    "DELETE FROM outbox WHERE recipient = ? AND kind = ? AND sent_at IS NULL "
    "AND lease_until IS NULL"};
inline constexpr NamedSql kLastMailSentAt{
    "select_last_mail_sent_at",
    "SELECT MAX(sent_at) FROM outbox WHERE recipient = ? AND kind = ? AND sent_at IS NOT NULL"};
// One statement, so selecting and leasing are atomic even without an explicit transaction.
inline constexpr NamedSql kClaimDueMail{
    "claim_due_mail",
    "UPDATE outbox SET lease_until = ? WHERE id IN ("
    "SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ? "
    "AND (lease_until IS NULL OR lease_until <= ?) ORDER BY id LIMIT ?) "
    "RETURNING id, recipient, kind, subject, text_body, html_body, traceparent, created_at, "
    "attempts, tracestate"};
inline constexpr NamedSql kMarkMailSent{
    "mark_mail_sent",
    "UPDATE outbox SET sent_at = ?, lease_until = NULL, last_error = NULL WHERE id = ?"};
inline constexpr NamedSql kMarkMailFailed{
    "mark_mail_failed",
    "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, lease_until = NULL "
    "WHERE id = ?"};
// Parked mail (rejected for good: next attempt at INT64_MAX) is not pending.
inline constexpr NamedSql kCountPendingMail{
    "count_pending_mail",
    "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at < 9223372036854775807"};

inline constexpr NamedSql kPurgeSessions{"purge_sessions",
                                         "DELETE FROM sessions WHERE expires_at <= ?"};
inline constexpr NamedSql kPurgeCodes{"purge_codes", "DELETE FROM codes WHERE expires_at <= ?"};
inline constexpr NamedSql kPurgeFailures{"purge_login_failures",
                                         "DELETE FROM login_failures WHERE at < ?"};
inline constexpr NamedSql kPurgeSentMail{
    "purge_sent_mail", "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?"};

}  // namespace authlens::store::sqlite::sql
