#pragma once
// Every statement the PostgreSQL store prepares, named as traces show it.
#include <array>

#include "store/named_sql.hpp"

namespace authlens::store::postgres::sql {

inline constexpr NamedSql kPing{"ping", "SELECT 1"};
inline constexpr NamedSql kSelectServerKey{"select_server_key",
                                           "SELECT value FROM meta WHERE name = 'server_key'"};

// Read committed lets two registrations of one address both see "no account" and the second
// then fail on the unique index; a transaction-scoped lock on the address makes flows for the same
// address take turns instead, and the second one's SELECT sees the first one's commit.
inline constexpr NamedSql kLockEmail{"lock_email",
                                     "SELECT pg_advisory_xact_lock(7001, hashtext($1))"};
inline constexpr NamedSql kSelectAccountByEmail{
    "select_account_by_email",
    "SELECT id, email, password_hash, verified, created_at FROM accounts WHERE email = $1"};
inline constexpr NamedSql kSelectAccountById{
    "select_account_by_id",
    "SELECT id, email, password_hash, verified, created_at FROM accounts WHERE id = $1"};
inline constexpr NamedSql kInsertAccount{
    "insert_account",
    "INSERT INTO accounts (email, password_hash, verified, created_at) "
    "VALUES ($1, $2, FALSE, $3) RETURNING id"};
inline constexpr NamedSql kUpdatePasswordHash{
    "update_password_hash", "UPDATE accounts SET password_hash = $1 WHERE id = $2"};
inline constexpr NamedSql kMarkVerified{"mark_verified",
                                        "UPDATE accounts SET verified = TRUE WHERE id = $1"};
inline constexpr NamedSql kDeleteAccount{"delete_account", "DELETE FROM accounts WHERE id = $1"};

// FOR UPDATE: the flow reads attempts and writes attempts + 1; without the row lock two
// concurrent wrong guesses would both write the same count and the attempt limit would leak.
inline constexpr NamedSql kSelectCode{
    "select_code",
    "SELECT hash, expires_at, attempts FROM codes WHERE account_id = $1 AND purpose = $2 "
    "FOR UPDATE"};
inline constexpr NamedSql kUpsertCode{
    "upsert_code",
    "INSERT INTO codes (account_id, purpose, hash, expires_at, attempts) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id, purpose) DO UPDATE SET "
    "hash = EXCLUDED.hash, expires_at = EXCLUDED.expires_at, attempts = EXCLUDED.attempts"};
inline constexpr NamedSql kUpdateCodeAttempts{
    "update_code_attempts",
    "UPDATE codes SET attempts = $1 WHERE account_id = $2 AND purpose = $3"};
inline constexpr NamedSql kDeleteCode{"delete_code",
                                      "DELETE FROM codes WHERE account_id = $1 AND purpose = $2"};

inline constexpr NamedSql kInsertSession{
    "insert_session",
    "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4)"};
inline constexpr NamedSql kSelectSession{
    "select_session",
    "SELECT a.id, a.email, a.password_hash, a.verified, a.created_at, s.expires_at "
    "FROM sessions s JOIN accounts a ON a.id = s.account_id "
    "WHERE s.token_hash = $1 AND s.expires_at > $2"};
inline constexpr NamedSql kDeleteSession{"delete_session",
                                         "DELETE FROM sessions WHERE token_hash = $1"};
inline constexpr NamedSql kDeleteSessionsOf{"delete_sessions_of",
                                            "DELETE FROM sessions WHERE account_id = $1"};
inline constexpr NamedSql kDeleteSessionsOfExcept{
    "delete_sessions_of_except", "DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2"};

inline constexpr NamedSql kCountFailures{
    "count_login_failures",
    "SELECT COUNT(*), COALESCE(MIN(at), 0) FROM login_failures WHERE key = $1 AND at >= $2"};
inline constexpr NamedSql kInsertFailure{"insert_login_failure",
                                         "INSERT INTO login_failures (key, at) VALUES ($1, $2)"};
inline constexpr NamedSql kDeleteFailures{"delete_login_failures",
                                          "DELETE FROM login_failures WHERE key = $1"};

inline constexpr NamedSql kInsertMail{
    "insert_mail",
    "INSERT INTO outbox (recipient, kind, subject, text_body, html_body, traceparent, tracestate, "
    "created_at, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $8) "
    "RETURNING id"};
// Leased rows stay: a worker may be handing that message to the mail server right now, and its
// mark_mail_sent must find the row (the cooldown counts from it).
inline constexpr NamedSql kDeletePendingMail{
    "delete_pending_mail",
    "DELETE FROM outbox WHERE recipient = $1 AND kind = $2 AND sent_at IS NULL "
    "AND lease_until IS NULL"};
inline constexpr NamedSql kLastMailSentAt{
    "select_last_mail_sent_at",
    "SELECT MAX(sent_at) FROM outbox WHERE recipient = $1 AND kind = $2 AND sent_at IS NOT NULL"};
// SKIP LOCKED: replicas claiming at the same moment take disjoint rows instead of queueing.
inline constexpr NamedSql kClaimDueMail{
    "claim_due_mail",
    "UPDATE outbox SET lease_until = $1 WHERE id IN ("
    "SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $2 "
    "AND (lease_until IS NULL OR lease_until <= $2) ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) "
    "RETURNING id, recipient, kind, subject, text_body, html_body, traceparent, created_at, "
    "attempts, tracestate"};
inline constexpr NamedSql kMarkMailSent{
    "mark_mail_sent",
    "UPDATE outbox SET sent_at = $1, lease_until = NULL, last_error = NULL WHERE id = $2"};
inline constexpr NamedSql kMarkMailFailed{
    "mark_mail_failed",
    "UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3, lease_until = NULL "
    "WHERE id = $4"};
// Parked mail (rejected for good: next attempt at INT64_MAX) is not pending.
inline constexpr NamedSql kCountPendingMail{
    "count_pending_mail",
    "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at < 9223372036854775807"};

inline constexpr NamedSql kPurgeSessions{"purge_sessions",
                                         "DELETE FROM sessions WHERE expires_at <= $1"};
inline constexpr NamedSql kPurgeCodes{"purge_codes", "DELETE FROM codes WHERE expires_at <= $1"};
inline constexpr NamedSql kPurgeFailures{"purge_login_failures",
                                         "DELETE FROM login_failures WHERE at < $1"};
inline constexpr NamedSql kPurgeSentMail{
    "purge_sent_mail", "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1"};

// Prepared on every (re)connection.
inline constexpr std::array kAll{
    kPing,
    kSelectServerKey,
    kLockEmail,
    kSelectAccountByEmail,
    kSelectAccountById,
    kInsertAccount,
    kUpdatePasswordHash,
    kMarkVerified,
    kDeleteAccount,
    kSelectCode,
    kUpsertCode,
    kUpdateCodeAttempts,
    kDeleteCode,
    kInsertSession,
    kSelectSession,
    kDeleteSession,
    kDeleteSessionsOf,
    kDeleteSessionsOfExcept,
    kCountFailures,
    kInsertFailure,
    kDeleteFailures,
    kInsertMail,
    kDeletePendingMail,
    kLastMailSentAt,
    kClaimDueMail,
    kMarkMailSent,
    kMarkMailFailed,
    kCountPendingMail,
    kPurgeSessions,
    kPurgeCodes,
    kPurgeFailures,
    kPurgeSentMail,
};

}  // namespace authlens::store::postgres::sql
