#pragma once
// The Store on a SQLite file: WAL, a small fixed pool of connections, IMMEDIATE write transactions.
#include <chrono>
#include <memory>

#include "store/connection_pool.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"
#include "store/store_url.hpp"

namespace authlens::store {

class SqliteStore final : public Store {
 public:
  // Opens (creating the file and its directories) and migrates; throws StoreError.
  SqliteStore(const SqliteTarget& target, trace::Tracer* tracer, const StoreOptions& options = {});
  ~SqliteStore() override;

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
  void checkpoint() noexcept override;
  void purge(std::int64_t now, std::int64_t events_before, std::int64_t sent_before) override;

 private:
  using Pool = ConnectionPool<sqlite::Connection>;

  void open(const SqliteTarget& target, trace::Tracer* tracer);
  // A pooled connection whose waits (for the pool, for the write lock) end by the call's
  // deadline; StoreTimeout when it has passed.
  Pool::Lease take();
  void write_probe();  // throws StoreError

  // Runs fn(connection) inside BEGIN IMMEDIATE … COMMIT on a pooled connection.
  template <class Fn>
  auto write(Fn&& fn);

  std::chrono::milliseconds timeout_;
  std::unique_ptr<Pool> pool_;
  Digest server_key_{};
};

}  // namespace authlens::store
