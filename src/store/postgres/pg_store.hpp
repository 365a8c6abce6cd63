#pragma once
// The Store on PostgreSQL (libpqxx 6): a fixed pool of connections with prepared statements.
#include <memory>

#include "store/connection_pool.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/store.hpp"
#include "store/store_url.hpp"

namespace authlens::store {

class PgStore final : public Store {
 public:
  // Connects every pooled connection and migrates; throws StoreError.
  PgStore(const PostgresTarget& target, trace::Tracer* tracer);
  ~PgStore() override;

  std::unique_ptr<Transaction> begin() override;
  std::optional<Session> find_session(const Digest& token_hash, std::int64_t now) override;
  void record_session_uses(const std::vector<SessionUse>& uses) override;
  Digest server_key() override { return server_key_; }
  std::vector<QueuedMail> claim_due_mail(std::int64_t now, std::int64_t lease_until,
                                         int limit) override;
  void mark_mail_sent(std::int64_t id, std::int64_t now) override;
  void mark_mail_failed(std::int64_t id, int attempts, std::int64_t next_attempt_at,
                        std::string_view error) override;
  std::int64_t pending_mail_count() override;
  bool ping() noexcept override;
  void probe_write() noexcept override;
  void purge(std::int64_t now, std::int64_t events_before, std::int64_t sent_before) override;

 private:
  using Pool = ConnectionPool<postgres::Connection>;

  // Runs one prepared statement outside any explicit transaction (autocommit).
  template <class... Args>
  pqxx::result autocommit(const NamedSql& sql, Args&&... args);

  std::unique_ptr<Pool> pool_;
  Digest server_key_{};
};

}  // namespace authlens::store
