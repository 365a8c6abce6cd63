#pragma once
// Every statement the PostgreSQL store prepares, named as traces show it.
#include <array>

#include "store/named_sql.hpp"

namespace authlens::store::postgres::sql {

inline constexpr NamedSql kPing{"ping", "SELECT 1"};
inline constexpr NamedSql kSelectServerKey{"select_server_key",
                                           "SELECT value FROM meta WHERE name = 'server_key'"};

// Read committed lets two flows on one key both read the old state and then both write; a
// transaction-scoped advisory lock on the key (an address or a client) makes them take turns, and
// the second one's reads see the first one's commit.
inline constexpr NamedSql kLockKey{"lock_key", "SELECT pg_advisory_xact_lock(7001, hashtext($1))"};
// The columns read_account and read_session (pg_rows.hpp) read, in their order.
#define ACCOUNT_COLUMNS                                                                   \
  "a.id, a.email, a.password_hash, a.created_at, a.credential_version, a.password_nfkc, " \
  "a.credential_summary"
#define SESSION_COLUMNS                                                                \
  "s.id, s.created_at, s.last_used_at, s.expires_at, s.client_address, s.user_agent, " \
  "s.methods, s.aal"
#define CREDENTIAL_COLUMNS                                                                    \
  "id, account_id, type, state, identifier, secret, public_data, name, counter, created_at, " \
  "last_used_at"

inline constexpr NamedSql kSelectAccountByEmail{
    "select_account_by_email", "SELECT " ACCOUNT_COLUMNS " FROM accounts a WHERE a.email = $1"};
inline constexpr NamedSql kSelectAccountById{
    "select_account_by_id", "SELECT " ACCOUNT_COLUMNS " FROM accounts a WHERE a.id = $1"};
inline constexpr NamedSql kInsertAccount{
    "insert_account",
    "INSERT INTO accounts (email, password_hash, verified, created_at, password_nfkc) "
    "VALUES ($1, $2, TRUE, $3, TRUE) RETURNING id"};
inline constexpr NamedSql kUpdatePasswordHash{
    "update_password_hash",
    "UPDATE accounts SET password_hash = $1, password_nfkc = TRUE, "
    "credential_version = credential_version + 1 WHERE id = $2"};
inline constexpr NamedSql kRehashPassword{
    "rehash_password",
    "UPDATE accounts SET password_hash = $1, password_nfkc = TRUE "
    "WHERE id = $2 AND credential_version = $3"};
inline constexpr NamedSql kBumpCredentialVersion{
    "bump_credential_version",
    "UPDATE accounts SET credential_version = credential_version + 1 WHERE id = $1"};
inline constexpr NamedSql kDeleteAccount{"delete_account", "DELETE FROM accounts WHERE id = $1"};

inline constexpr NamedSql kSelectCode{
    "select_code",
    "SELECT hash, issued_at, expires_at FROM codes WHERE address = $1 AND purpose = $2"};
inline constexpr NamedSql kUpsertCode{
    "upsert_code",
    "INSERT INTO codes (address, purpose, hash, issued_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (address, purpose) DO UPDATE SET "
    "hash = EXCLUDED.hash, issued_at = EXCLUDED.issued_at, expires_at = EXCLUDED.expires_at"};
inline constexpr NamedSql kDeleteCode{"delete_code",
                                      "DELETE FROM codes WHERE address = $1 AND purpose = $2"};
inline constexpr NamedSql kDeleteCodes{"delete_codes", "DELETE FROM codes WHERE address = $1"};

inline constexpr NamedSql kInsertSession{
    "insert_session",
    "INSERT INTO sessions (token_hash, id, account_id, created_at, last_used_at, expires_at, "
    "client_address, user_agent, methods, aal) VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9)"};
// The hot path of every authenticated request (the store's find_session): what a bearer needs
// and no more (no password hash, none of the session's metadata; read_bearer_session).
inline constexpr NamedSql kSelectBearerSession{
    "select_session",
    "SELECT a.id, a.email, a.created_at, a.credential_version, a.credential_summary, s.id, "
    "s.last_used_at, s.expires_at FROM sessions s JOIN accounts a ON a.id = s.account_id "
    "WHERE s.token_hash = $1 AND s.expires_at > $2"};
inline constexpr NamedSql kSelectSession{"select_session_row",
                                         "SELECT " ACCOUNT_COLUMNS ", " SESSION_COLUMNS
                                         " FROM sessions s JOIN accounts a ON a.id = s.account_id "
                                         "WHERE s.token_hash = $1 AND s.expires_at > $2"};
inline constexpr NamedSql kListSessions{"list_sessions",
                                        "SELECT " ACCOUNT_COLUMNS ", " SESSION_COLUMNS
                                        " FROM sessions s JOIN accounts a ON a.id = s.account_id "
                                        "WHERE s.account_id = $1 AND s.expires_at > $2 "
                                        "ORDER BY s.created_at DESC, s.last_used_at DESC, s.id"};
inline constexpr NamedSql kDeleteSessionById{
    "delete_session_by_id", "DELETE FROM sessions WHERE account_id = $1 AND id = $2"};
inline constexpr NamedSql kRecordSessionUse{
    "record_session_use",
    "UPDATE sessions SET last_used_at = $1 WHERE id = $2 AND last_used_at < $1"};
inline constexpr NamedSql kDeleteSession{"delete_session",
                                         "DELETE FROM sessions WHERE token_hash = $1"};
inline constexpr NamedSql kDeleteSessionsOf{"delete_sessions_of",
                                            "DELETE FROM sessions WHERE account_id = $1"};
inline constexpr NamedSql kDeleteSessionsOfExcept{
    "delete_sessions_of_except", "DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2"};

inline constexpr NamedSql kCountEvents{
    "count_throttle_events",
    "SELECT COUNT(*), COALESCE(MIN(at), 0) FROM throttle_events WHERE key = $1 AND at >= $2"};
inline constexpr NamedSql kInsertEvent{
    "insert_throttle_event", "INSERT INTO throttle_events (key, at) VALUES ($1, $2) RETURNING id"};
inline constexpr NamedSql kDeleteEvent{"delete_throttle_event",
                                       "DELETE FROM throttle_events WHERE id = $1"};
inline constexpr NamedSql kDeleteEvents{"delete_throttle_events",
                                        "DELETE FROM throttle_events WHERE key = $1"};

inline constexpr NamedSql kSelectCredentials{
    "select_credentials", "SELECT " CREDENTIAL_COLUMNS
                          " FROM credentials WHERE account_id = $1 AND type = $2 ORDER BY id"};
inline constexpr NamedSql kSelectCredentialByIdentifier{
    "select_credential_by_identifier",
    "SELECT " CREDENTIAL_COLUMNS " FROM credentials WHERE type = $1 AND identifier = $2"};
// Empty byte strings are stored as NULL: "nothing here".
inline constexpr NamedSql kInsertCredential{
    "insert_credential",
    "INSERT INTO credentials (account_id, type, state, identifier, secret, public_data, name, "
    "counter, created_at, last_used_at) VALUES ($1, $2, $3, NULLIF($4, ''::bytea), "
    "NULLIF($5, ''::bytea), NULLIF($6, ''::bytea), $7, $8, $9, $10) RETURNING id"};
inline constexpr NamedSql kUpdateCredential{
    "update_credential",
    "UPDATE credentials SET state = $1, name = $2, counter = $3, last_used_at = $4 "
    "WHERE id = $5 AND counter = $6"};
inline constexpr NamedSql kDeleteCredential{
    "delete_credential", "DELETE FROM credentials WHERE account_id = $1 AND id = $2"};
inline constexpr NamedSql kDeleteCredentials{
    "delete_credentials", "DELETE FROM credentials WHERE account_id = $1 AND type = $2"};
// What GET /me shows of the factors, kept on the account so the hot path reads one row.
inline constexpr NamedSql kRefreshCredentialSummary{
    "refresh_credential_summary",
    "UPDATE accounts SET credential_summary = COALESCE((SELECT string_agg(type || ':' || n, ',' "
    "ORDER BY type) FROM (SELECT type, COUNT(*) AS n FROM credentials WHERE account_id = $1 AND "
    "state = 'active' GROUP BY type) t), '') WHERE id = $1"};

inline constexpr NamedSql kPutChallenge{
    "put_challenge",
    "INSERT INTO challenges (handle_hash, kind, account_id, credential_version, data, expires_at, "
    "failures) VALUES ($1, $2, $3, $4, NULLIF($5, ''::bytea), $6, $7)"};
inline constexpr NamedSql kSelectChallenge{
    "select_challenge",
    "SELECT handle_hash, kind, account_id, credential_version, data, expires_at, failures "
    "FROM challenges WHERE handle_hash = $1 AND expires_at > $2"};
inline constexpr NamedSql kCountChallengeFailure{
    "count_challenge_failure",
    "UPDATE challenges SET failures = failures + 1 WHERE handle_hash = $1"};
inline constexpr NamedSql kDeleteChallenge{"delete_challenge",
                                           "DELETE FROM challenges WHERE handle_hash = $1"};
inline constexpr NamedSql kDeleteChallengesOf{"delete_challenges_of",
                                              "DELETE FROM challenges WHERE account_id = $1"};

// An empty sealed code is stored as NULL: "nothing here", not a zero-length secret. The turn:
// one more than the client's last pending message, and never before the round being served
// (the smallest turn of mail that is due and not being sent; with none, the last turn given).
inline constexpr NamedSql kInsertMail{
    "insert_mail",
    "INSERT INTO outbox (recipient, kind, sealed_code, code_ttl_s, traceparent, tracestate, "
    "created_at, attempts, next_attempt_at, client_key, priority, turn, client_address) "
    "VALUES ($1, $2, "
    "NULLIF($3, ''::bytea), $4, $5, $6, $7, 0, $7, $8, $9, GREATEST("
    "COALESCE((SELECT MAX(turn) + 1 FROM outbox WHERE client_key = $8 AND sent_at IS NULL "
    "AND next_attempt_at < 9223372036854775807), 0), "
    "COALESCE((SELECT MIN(turn) FROM outbox WHERE sent_at IS NULL "
    "AND next_attempt_at < 9223372036854775807 AND next_attempt_at <= $7 "
    "AND (lease_until IS NULL OR lease_until <= $7)), (SELECT MAX(turn) FROM outbox), 0)), $10) "
    "RETURNING id"};
// Leased rows stay: a worker may be handing that message to the mail server right now, and its
// mark_mail_sent must find the row.
inline constexpr NamedSql kDeletePendingMail{
    "delete_pending_mail",
    "DELETE FROM outbox WHERE recipient = $1 AND kind IN ($2, $3) AND sent_at IS NULL "
    "AND lease_until IS NULL"};
inline constexpr NamedSql kDeleteMailTo{
    "delete_mail_to", "DELETE FROM outbox WHERE recipient = $1 AND lease_until IS NULL"};
// SKIP LOCKED: replicas claiming at the same moment take disjoint rows instead of queueing. By
// priority, then turn: one message of each client in turn (see kInsertMail).
inline constexpr NamedSql kClaimDueMail{
    "claim_due_mail",
    "UPDATE outbox SET lease_until = $1 WHERE id IN ("
    "SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at < 9223372036854775807 "
    "AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until <= $2) "
    "ORDER BY priority, turn, id LIMIT $3 FOR UPDATE SKIP LOCKED) "
    "RETURNING id, recipient, kind, sealed_code, code_ttl_s, traceparent, tracestate, created_at, "
    "attempts, client_address, client_key, priority, turn"};
inline constexpr NamedSql kMarkMailSent{
    "mark_mail_sent",
    "UPDATE outbox SET sent_at = $1, lease_until = NULL, last_error = NULL, sealed_code = NULL "
    "WHERE id = $2"};
inline constexpr NamedSql kMarkMailFailed{
    "mark_mail_failed",
    "UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3, lease_until = NULL, "
    "sealed_code = CASE WHEN $2 = 9223372036854775807 THEN NULL ELSE sealed_code END "
    "WHERE id = $4"};
// Parked mail (rejected for good: next attempt at INT64_MAX) is not pending.
inline constexpr NamedSql kCountPendingMail{
    "count_pending_mail",
    "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at < 9223372036854775807"};

inline constexpr NamedSql kPurgeSessions{"purge_sessions",
                                         "DELETE FROM sessions WHERE expires_at <= $1"};
inline constexpr NamedSql kPurgeCodes{"purge_codes", "DELETE FROM codes WHERE expires_at <= $1"};
inline constexpr NamedSql kPurgeEvents{"purge_throttle_events",
                                       "DELETE FROM throttle_events WHERE at < $1"};
inline constexpr NamedSql kPurgeChallenges{"purge_challenges",
                                           "DELETE FROM challenges WHERE expires_at <= $1"};
inline constexpr NamedSql kPurgeSentMail{
    "purge_sent_mail", "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1"};

// Prepared on every (re)connection.
inline constexpr std::array kAll{
    kPing,
    kSelectServerKey,
    kLockKey,
    kSelectAccountByEmail,
    kSelectAccountById,
    kInsertAccount,
    kUpdatePasswordHash,
    kRehashPassword,
    kBumpCredentialVersion,
    kDeleteAccount,
    kSelectCode,
    kUpsertCode,
    kDeleteCode,
    kDeleteCodes,
    kInsertSession,
    kSelectSession,
    kSelectBearerSession,
    kListSessions,
    kDeleteSessionById,
    kRecordSessionUse,
    kDeleteSession,
    kDeleteSessionsOf,
    kDeleteSessionsOfExcept,
    kSelectCredentials,
    kSelectCredentialByIdentifier,
    kInsertCredential,
    kUpdateCredential,
    kDeleteCredential,
    kDeleteCredentials,
    kRefreshCredentialSummary,
    kPutChallenge,
    kSelectChallenge,
    kCountChallengeFailure,
    kDeleteChallenge,
    kDeleteChallengesOf,
    kCountEvents,
    kInsertEvent,
    kDeleteEvent,
    kDeleteEvents,
    kInsertMail,
    kDeletePendingMail,
    kDeleteMailTo,
    kClaimDueMail,
    kMarkMailSent,
    kMarkMailFailed,
    kCountPendingMail,
    kPurgeSessions,
    kPurgeCodes,
    kPurgeChallenges,
    kPurgeEvents,
    kPurgeSentMail,
};

#undef ACCOUNT_COLUMNS
#undef SESSION_COLUMNS
#undef CREDENTIAL_COLUMNS

}  // namespace authlens::store::postgres::sql
