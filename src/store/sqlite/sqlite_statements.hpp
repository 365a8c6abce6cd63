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
    "SELECT id, email, password_hash, verified, created_at, credential_version, password_nfkc "
    "FROM accounts WHERE email = ?"};
inline constexpr NamedSql kInsertAccount{
    "insert_account",
    "INSERT INTO accounts (email, password_hash, verified, created_at, password_nfkc) "
    "VALUES (?, ?, 1, ?, 1)"};
inline constexpr NamedSql kUpdatePasswordHash{
    "update_password_hash",
    "UPDATE accounts SET password_hash = ?, password_nfkc = 1, "
    "credential_version = credential_version + 1 WHERE id = ?"};
inline constexpr NamedSql kRehashPassword{
    "rehash_password",
    "UPDATE accounts SET password_hash = ?, password_nfkc = 1 "
    "WHERE id = ? AND credential_version = ?"};
inline constexpr NamedSql kDeleteAccount{"delete_account", "DELETE FROM accounts WHERE id = ?"};

inline constexpr NamedSql kSelectCode{
    "select_code",
    "SELECT hash, issued_at, expires_at FROM codes WHERE address = ? AND purpose = ?"};
inline constexpr NamedSql kUpsertCode{
    "upsert_code",
    "INSERT INTO codes (address, purpose, hash, issued_at, expires_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (address, purpose) DO UPDATE SET hash = excluded.hash, "
    "issued_at = excluded.issued_at, expires_at = excluded.expires_at"};
inline constexpr NamedSql kDeleteCode{"delete_code",
                                      "DELETE FROM codes WHERE address = ? AND purpose = ?"};
inline constexpr NamedSql kDeleteCodes{"delete_codes", "DELETE FROM codes WHERE address = ?"};

inline constexpr NamedSql kInsertSession{
    "insert_session",
    "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)"};
inline constexpr NamedSql kSelectSession{
    "select_session",
    "SELECT a.id, a.email, a.password_hash, a.verified, a.created_at, a.credential_version, "
    "a.password_nfkc, s.expires_at "
    "FROM sessions s JOIN accounts a ON a.id = s.account_id "
    "WHERE s.token_hash = ? AND s.expires_at > ?"};
inline constexpr NamedSql kDeleteSession{"delete_session",
                                         "DELETE FROM sessions WHERE token_hash = ?"};
inline constexpr NamedSql kDeleteSessionsOf{"delete_sessions_of",
                                            "DELETE FROM sessions WHERE account_id = ?"};
inline constexpr NamedSql kDeleteSessionsOfExcept{
    "delete_sessions_of_except", "DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?"};

inline constexpr NamedSql kCountEvents{
    "count_throttle_events",
    "SELECT COUNT(*), COALESCE(MIN(at), 0) FROM throttle_events WHERE key = ? AND at >= ?"};
inline constexpr NamedSql kInsertEvent{"insert_throttle_event",
                                       "INSERT INTO throttle_events (key, at) VALUES (?, ?)"};
inline constexpr NamedSql kDeleteEvent{"delete_throttle_event",
                                       "DELETE FROM throttle_events WHERE id = ?"};
inline constexpr NamedSql kDeleteEvents{"delete_throttle_events",
                                        "DELETE FROM throttle_events WHERE key = ?"};

inline constexpr NamedSql kInsertMail{
    "insert_mail",
    "INSERT INTO outbox (recipient, kind, sealed_code, code_ttl_s, traceparent, tracestate, "
    "client_address, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"};
// Leased rows stay: a worker may be handing that message to the mail server right now, and its
// mark_mail_sent must find the row.
inline constexpr NamedSql kDeletePendingMail{
    "delete_pending_mail",
    "DELETE FROM outbox WHERE recipient = ? AND kind IN (?, ?) AND sent_at IS NULL "
    "AND lease_until IS NULL"};
inline constexpr NamedSql kDeleteMailTo{
    "delete_mail_to", "DELETE FROM outbox WHERE recipient = ? AND lease_until IS NULL"};
// One statement, so selecting and leasing are atomic even without an explicit transaction.
inline constexpr NamedSql kClaimDueMail{
    "claim_due_mail",
    "UPDATE outbox SET lease_until = ? WHERE id IN ("
    "SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ? "
    "AND (lease_until IS NULL OR lease_until <= ?) ORDER BY id LIMIT ?) "
    "RETURNING id, recipient, kind, sealed_code, code_ttl_s, traceparent, tracestate, created_at, "
    "attempts, client_address"};
inline constexpr NamedSql kMarkMailSent{
    "mark_mail_sent",
    "UPDATE outbox SET sent_at = ?, lease_until = NULL, last_error = NULL, sealed_code = NULL "
    "WHERE id = ?"};
inline constexpr NamedSql kMarkMailFailed{
    "mark_mail_failed",
    "UPDATE outbox SET attempts = ?1, next_attempt_at = ?2, last_error = ?3, lease_until = NULL, "
    "sealed_code = CASE WHEN ?2 = 9223372036854775807 THEN NULL ELSE sealed_code END "
    "WHERE id = ?4"};
// Parked mail (rejected for good: next attempt at INT64_MAX) is not pending.
inline constexpr NamedSql kCountPendingMail{
    "count_pending_mail",
    "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at < 9223372036854775807"};

inline constexpr NamedSql kPurgeSessions{"purge_sessions",
                                         "DELETE FROM sessions WHERE expires_at <= ?"};
inline constexpr NamedSql kPurgeCodes{"purge_codes", "DELETE FROM codes WHERE expires_at <= ?"};
inline constexpr NamedSql kPurgeEvents{"purge_throttle_events",
                                       "DELETE FROM throttle_events WHERE at < ?"};
inline constexpr NamedSql kPurgeSentMail{
    "purge_sent_mail", "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?"};

}  // namespace authlens::store::sqlite::sql
