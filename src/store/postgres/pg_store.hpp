#pragma once
// The Store on PostgreSQL (libpqxx 6): a fixed pool of connections with prepared statements,
// every wait bounded (store/deadline.hpp, postgres/pg_watchdog.hpp).
#include <memory>

#include "store/postgres/pg_pool.hpp"
#include "store/store.hpp"
#include "store/store_url.hpp"

namespace authlens::store {

class PgStore final : public Store {
 public:
  // Connects every pooled connection and migrates; throws StoreError.
  PgStore(const PostgresTarget& target, trace::Tracer* tracer, const StoreOptions& options = {});
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
  // Runs one prepared statement outside any explicit transaction (autocommit).
  template <class... Args>
  pqxx::result autocommit(const NamedSql& sql, Args&&... args);
  DeadlineClock::time_point deadline() const noexcept {
    return call_deadline(timeout_, health_.writable());
  }

  std::chrono::milliseconds timeout_;
  // Declared before the pool: the connections refer to it (and its watchdog) to the end.
  std::unique_ptr<postgres::PoolContext> context_;
  std::unique_ptr<postgres::Pool> pool_;
  Digest server_key_{};
};

}  // namespace authlens::store
