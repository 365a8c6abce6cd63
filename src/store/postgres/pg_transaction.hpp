#pragma once
// One flow step on one pooled PostgreSQL connection: a READ COMMITTED transaction, with the row
// and advisory locks described in pg_statements.hpp where a flow reads and then writes.
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <vector>

#include "store/postgres/pg_pool.hpp"
#include "store/store.hpp"

namespace authlens::store::postgres {

// Every port of the account domain at once (account/ports/unit_of_work.hpp), as the SQLite
// transaction is.
class PgTransaction final : public Transaction,
                            account::ports::Accounts,
                            account::ports::Codes,
                            account::ports::ThrottleLedger,
                            account::ports::Sessions,
                            account::ports::Credentials,
                            account::ports::Challenges,
                            account::ports::Outbox {
 public:
  // Takes a connection for the whole transaction, until `deadline` at the latest.
  PgTransaction(Pool& pool, DeadlineClock::time_point deadline);
  ~PgTransaction() override;

  void lock(std::string_view key) override;
  account::ports::Accounts& accounts() override { return *this; }
  account::ports::Codes& codes() override { return *this; }
  account::ports::ThrottleLedger& throttles() override { return *this; }
  account::ports::Sessions& sessions() override { return *this; }
  account::ports::Credentials& credentials() override { return *this; }
  account::ports::Challenges& challenges() override { return *this; }
  account::ports::Outbox& outbox() override { return *this; }
  void commit() override;

 private:
  // Accounts
  std::optional<Account> find_account_by_email(std::string_view email) override;
  std::optional<Account> find_account_by_id(std::int64_t account_id) override;
  std::int64_t insert_account(std::string_view email, std::string_view password_hash,
                              std::int64_t now) override;
  void set_password_hash(std::int64_t account_id, std::string_view password_hash) override;
  bool rehash_password(std::int64_t account_id, std::int64_t expected_version,
                       std::string_view password_hash) override;
  void bump_credential_version(std::int64_t account_id) override;
  void delete_account(std::int64_t account_id) override;

  // Codes
  std::optional<Code> find_code(const Digest& address, CodePurpose purpose) override;
  void put_code(const Digest& address, CodePurpose purpose, const Code& code) override;
  void delete_code(const Digest& address, CodePurpose purpose) override;
  void delete_codes(const Digest& address) override;

  // Sessions
  void insert_session(const NewSession& session) override;
  std::optional<Session> find_session(const Digest& token_hash, std::int64_t now) override;
  bool delete_session(const Digest& token_hash) override;
  void delete_sessions_of(std::int64_t account_id, const Digest* keep) override;
  std::vector<Session> list_sessions(std::int64_t account_id, std::int64_t now) override;
  bool delete_session_by_id(std::int64_t account_id, std::string_view id) override;

  // ThrottleLedger
  EventWindow count_events(std::string_view key, std::int64_t since) override;
  std::int64_t add_event(std::string_view key, std::int64_t now) override;
  void remove_event(std::int64_t id) override;
  void clear_events(std::string_view key) override;

  // Credentials (pg_credentials.cpp)
  std::vector<CredentialRecord> find_credentials(std::int64_t account_id,
                                                 std::string_view type) override;
  std::optional<CredentialRecord> find_credential_by_identifier(std::string_view type,
                                                                const Bytes& identifier) override;
  std::int64_t insert_credential(const CredentialRecord& credential) override;
  bool update_credential(const CredentialRecord& credential,
                         std::int64_t expected_counter) override;
  bool delete_credential(std::int64_t account_id, std::int64_t credential_id) override;
  void delete_credentials(std::int64_t account_id, std::string_view type) override;

  // Challenges (pg_challenges.cpp)
  void put_challenge(const ChallengeRecord& challenge) override;
  std::optional<ChallengeRecord> find_challenge(const Digest& handle_hash,
                                                std::int64_t now) override;
  void count_challenge_failure(const Digest& handle_hash) override;
  void delete_challenge(const Digest& handle_hash) override;
  void delete_challenges_of(std::int64_t account_id) override;

  // Outbox
  std::int64_t enqueue_mail(const OutgoingMail& mail, std::int64_t now) override;
  void delete_pending_mail(std::string_view recipient, std::string_view kind,
                           std::string_view other_kind) override;
  void delete_mail_to(std::string_view recipient) override;

  // In the header: pg_credentials.cpp and pg_challenges.cpp run statements too.
  template <class... Args>
  pqxx::result exec(const NamedSql& sql, Args&&... args) {
    if (!tx_) throw StoreError(std::string(sql.name) + ": transaction is no longer open");
    return (*use_)->exec(*tx_, sql, std::forward<Args>(args)...);
  }

  // Declared first so it outlives tx_ (a rollback is watched too); released at commit, so a
  // caller keeping the object a little longer doesn't hold the pool.
  std::optional<PooledUse> use_;
  std::unique_ptr<pqxx::work> tx_;  // rolls back in its destructor unless committed
};

}  // namespace authlens::store::postgres
