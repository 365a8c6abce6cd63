#pragma once
// One flow step on one pooled SQLite connection, between BEGIN IMMEDIATE and COMMIT.
#include <optional>

#include "store/connection_pool.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace authlens::store::sqlite {

class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(ConnectionPool<Connection>::Lease lease);
  ~SqliteTransaction() override;

  void lock(std::string_view key) override;

  std::optional<Account> find_account_by_email(std::string_view email) override;
  std::int64_t insert_account(std::string_view email, std::string_view password_hash,
                              std::int64_t now) override;
  void set_password_hash(std::int64_t account_id, std::string_view password_hash) override;
  bool rehash_password(std::int64_t account_id, std::int64_t expected_version,
                       std::string_view password_hash) override;
  void delete_account(std::int64_t account_id) override;

  std::optional<Code> find_code(const Digest& address, CodePurpose purpose) override;
  void put_code(const Digest& address, CodePurpose purpose, const Code& code) override;
  void delete_code(const Digest& address, CodePurpose purpose) override;
  void delete_codes(const Digest& address) override;

  void insert_session(const Digest& token_hash, std::int64_t account_id, std::int64_t now,
                      std::int64_t expires_at) override;
  bool delete_session(const Digest& token_hash) override;
  std::optional<Session> find_session(const Digest& token_hash, std::int64_t now) override;
  void delete_sessions_of(std::int64_t account_id, const Digest* keep) override;

  EventWindow count_events(std::string_view key, std::int64_t since) override;
  std::int64_t add_event(std::string_view key, std::int64_t now) override;
  void remove_event(std::int64_t id) override;
  void clear_events(std::string_view key) override;

  std::int64_t enqueue_mail(const OutgoingMail& mail, std::int64_t now) override;
  void delete_pending_mail(std::string_view recipient, std::string_view kind,
                           std::string_view other_kind) override;
  void delete_mail_to(std::string_view recipient) override;

  void commit() override;

 private:
  // The connection while the transaction is open; StoreError after commit.
  Connection& conn();

  // Released at commit, so a caller keeping the object a little longer doesn't hold the pool.
  std::optional<ConnectionPool<Connection>::Lease> lease_;
};

}  // namespace authlens::store::sqlite
