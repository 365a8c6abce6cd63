#pragma once
// One flow step on one pooled PostgreSQL connection: a READ COMMITTED transaction, with the row
// and advisory locks described in pg_statements.hpp where a flow reads and then writes.
#include <memory>
#include <optional>
#include <pqxx/pqxx>

#include "store/postgres/pg_pool.hpp"
#include "store/store.hpp"

namespace authlens::store::postgres {

class PgTransaction final : public Transaction {
 public:
  // Takes a connection for the whole transaction, until `deadline` at the latest.
  PgTransaction(Pool& pool, DeadlineClock::time_point deadline);
  ~PgTransaction() override;

  void lock(std::string_view key) override;

  std::optional<Account> find_account_by_email(std::string_view email) override;
  std::int64_t insert_account(std::string_view email, std::string_view password_hash,
                              std::int64_t now) override;
  void set_password_hash(std::int64_t account_id, std::string_view password_hash) override;
  void delete_account(std::int64_t account_id) override;

  std::optional<Code> find_code(const Digest& address, CodePurpose purpose) override;
  void put_code(const Digest& address, CodePurpose purpose, const Code& code) override;
  void delete_code(const Digest& address, CodePurpose purpose) override;
  void delete_codes(const Digest& address) override;

  void insert_session(const Digest& token_hash, std::int64_t account_id, std::int64_t now,
                      std::int64_t expires_at) override;
  bool delete_session(const Digest& token_hash) override;
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
  template <class... Args>
  pqxx::result exec(const NamedSql& sql, Args&&... args);

  // Declared first so it outlives tx_ (a rollback is watched too); released at commit, so a
  // caller keeping the object a little longer doesn't hold the pool.
  std::optional<PooledUse> use_;
  std::unique_ptr<pqxx::work> tx_;  // rolls back in its destructor unless committed
};

}  // namespace authlens::store::postgres
