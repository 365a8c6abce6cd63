// Every wait for the database ends by the call's deadline (store/deadline.hpp): a frozen
// PostgreSQL backend, a held lock, a busy SQLite file. What the caller sees is StoreTimeout,
// within the deadline plus scheduling, and the store works again once the database does.
#include <signal.h>
#include <sys/types.h>

#include <SQLiteCpp/Database.h>
#include <chrono>
#include <functional>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "store/deadline.hpp"
#include "store_fixture.hpp"

namespace authlens::store::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Small timeouts, so that each test waits well under a second. The bounds checked against them
// are loose on purpose (a loaded machine schedules late): what is tested is that a wait ends by
// its deadline rather than never, not how fast the machine is.
constexpr auto kScheduling = 2s;

StoreOptions quick() {
  StoreOptions options;
  options.timeout = 600ms;
  options.pg.connect = 500ms;
  options.pg.statement = 500ms;
  options.pg.lock = 300ms;
  return options;
}

class BoundedWaitTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    store_ = make_store(url_, nullptr, quick());
  }

  // SIGSTOP/SIGCONT to this store's backends: what a frozen server looks like to them.
  void signal_backends(int signal) const {
    pqxx::connection conn(pg_base_);
    pqxx::nontransaction tx(conn);
    const auto rows =
        tx.exec("SELECT pid FROM pg_stat_activity WHERE application_name = '" + schema_ + "'");
    ASSERT_FALSE(rows.empty());
    for (const auto& row : rows) ::kill(row[0].as<pid_t>(), signal);
  }
};

// A request that queued past its deadline: against a healthy database that was the server's
// load, and the call gets the store's whole timeout; against a failing one it gives up at once.
TEST_P(BoundedWaitTest, APassedDeadlineCountsOnlyWhileTheDatabaseFails) {
  // A long store timeout, so that "at once" and "after the timeout" are far apart.
  auto options = quick();
  options.timeout = 60s;
  auto store = make_store(url_, nullptr, options);
  DeadlineScope scope(Clock::now() - 1ms);
  EXPECT_NO_THROW(store->find_session(digest_of(1), 1));
  store->health().failed("disk I/O error");
  const auto started = Clock::now();
  EXPECT_THROW(store->begin(), StoreTimeout);
  EXPECT_THROW(store->find_session(digest_of(1), 1), StoreTimeout);
  EXPECT_LT(Clock::now() - started, kScheduling) << "without waiting for the database";
}

TEST_P(BoundedWaitTest, AScopedDeadlineBoundsTheCallsOnItsThread) {
  const auto outer = Clock::now() + 10s;
  DeadlineScope a(outer);
  EXPECT_EQ(scoped_deadline(), outer);
  {
    DeadlineScope b(outer - 5s);
    EXPECT_EQ(call_deadline(1s, /*healthy=*/false), outer - 5s);
    EXPECT_EQ(call_deadline(1s, /*healthy=*/true), outer - 5s) << "a longer scope stays longer";
  }
  {
    DeadlineScope passed(Clock::now() - 1s);
    EXPECT_GT(call_deadline(1s, /*healthy=*/true), Clock::now() + 900ms);
    EXPECT_LT(call_deadline(1s, /*healthy=*/false), Clock::now());
  }
  EXPECT_EQ(call_deadline(1s, /*healthy=*/false), outer);
  std::thread([] { EXPECT_FALSE(scoped_deadline().has_value()); }).join();
}

// Another writer holds the lock the transaction needs: SQLite's whole file (BEGIN IMMEDIATE), a
// PostgreSQL table (LOCK TABLE … EXCLUSIVE lets reads through, blocks writes).
TEST_P(BoundedWaitTest, AWriteBehindAHeldLockFailsAtTheDeadline) {
  const auto id = committed_account("ada@example.com");
  std::optional<SQLite::Database> sqlite_holder;
  std::optional<pqxx::connection> pg_holder;
  std::optional<pqxx::work> pg_lock;
  if (is_postgres()) {
    pg_holder.emplace(url_);
    pg_lock.emplace(*pg_holder);
    pg_lock->exec("LOCK TABLE accounts IN EXCLUSIVE MODE");
  } else {
    sqlite_holder.emplace((dir_ / "sub" / "authlens.db").string(), SQLite::OPEN_READWRITE);
    sqlite_holder->exec("BEGIN IMMEDIATE");
  }
  const auto started = Clock::now();
  std::string cause;
  try {
    auto tx = store_->begin();
    tx->accounts().set_password_hash(id, "new");
    tx->commit();
    ADD_FAILURE() << "the write went through a held lock";
  } catch (const StoreTimeout& e) {
    cause = e.what();
  }
  EXPECT_LT(Clock::now() - started, 600ms + kScheduling);
  // PostgreSQL's lock_timeout (300 ms) cancels the statement before the client gives up.
  if (is_postgres()) {
    EXPECT_NE(cause.find("lock timeout"), std::string::npos) << cause;
  }
  EXPECT_TRUE(store_->ready()) << "a held lock is not an outage";

  if (is_postgres()) {
    pg_lock->abort();
  } else {
    sqlite_holder->exec("ROLLBACK");
  }
  auto tx = store_->begin();
  tx->accounts().set_password_hash(id, "new");
  tx->commit();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM accounts WHERE password_hash = 'new'"), 1);
}

class PgFreezeTest : public BoundedWaitTest {};

// SIGSTOP of the backends: no error, no EOF, the kernel even takes the bytes; only the
// watchdog ends the wait. The store is ready again once a write works.
TEST_P(PgFreezeTest, AFrozenServerCostsTheDeadlineThenTheStoreRecovers) {
  committed_account("ada@example.com");
  std::vector<std::string> reports;
  store_->health().set_reporter([&](const std::string& cause, bool recovered) {
    reports.push_back(recovered ? "recovered" : cause);
  });
  signal_backends(SIGSTOP);
  struct Resume {
    std::function<void()> resume;
    ~Resume() { resume(); }
  } resume{[this] { signal_backends(SIGCONT); }};
  const auto started = Clock::now();
  EXPECT_THROW(
      {
        auto tx = store_->begin();
        tx->accounts().find_account_by_email("ada@example.com");
      },
      StoreTimeout);
  const auto waited = Clock::now() - started;
  EXPECT_GE(waited, 550ms);
  EXPECT_LT(waited, 600ms + kScheduling);
  EXPECT_FALSE(store_->ready()) << "a server that does not answer is an outage";
  ASSERT_FALSE(reports.empty());
  EXPECT_NE(reports.front().find("timeout"), std::string::npos) << reports.front();

  signal_backends(SIGCONT);
  store_->probe_write();
  EXPECT_TRUE(store_->ready());
  auto tx = store_->begin();
  EXPECT_TRUE(tx->accounts().find_account_by_email("ada@example.com").has_value());
  tx->commit();
  EXPECT_EQ(reports.back(), "recovered");
}

AUTHLENS_STORE_BACKENDS(BoundedWaitTest);
INSTANTIATE_TEST_SUITE_P(Backends, PgFreezeTest, ::testing::Values("postgres"), backend_name);

}  // namespace
}  // namespace authlens::store::testing
