// Schema 3 on a database written by schema 2: what earlier versions left must not survive in a
// form that helps an attacker (unconfirmed accounts anyone could have set a password on, mail
// bodies with codes in plain text).
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "store/store.hpp"
#include "store/store_factory.hpp"

namespace authlens::store::testing {
namespace {

// The tables of schema 2 as earlier releases created them, with rows they could have written.
constexpr const char* kSchema2 = R"sql(
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL DEFAULT 0);
INSERT INTO schema_migrations (version) VALUES (1), (2);
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES ('server_key', X'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
CREATE TABLE codes (account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL, hash BLOB NOT NULL, expires_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (account_id, purpose)) WITHOUT ROWID;
CREATE INDEX codes_expires_at ON codes (expires_at);
CREATE TABLE sessions (token_hash BLOB PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts (id)
  ON DELETE CASCADE, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE login_failures (key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, recipient TEXT NOT NULL, kind TEXT NOT NULL,
  subject TEXT NOT NULL, text_body TEXT NOT NULL, html_body TEXT NOT NULL,
  traceparent TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL, lease_until INTEGER, sent_at INTEGER, last_error TEXT,
  tracestate TEXT NOT NULL DEFAULT '');
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_recipient_kind_sent ON outbox (recipient, kind, sent_at);

INSERT INTO accounts VALUES (1, 'Ada@example.com', 'h1', 1, 10);     -- confirmed, mixed case
INSERT INTO accounts VALUES (2, 'eve@example.com', 'h2', 0, 10);     -- unconfirmed: anyone's password
INSERT INTO accounts VALUES (3, 'Bob@example.com', 'h3', 1, 10);     -- confirmed twins: the oldest
INSERT INTO accounts VALUES (4, 'BOB@example.com', 'h4', 1, 11);     --   takes the lower-case spelling
INSERT INTO sessions VALUES (X'01', 2, 10, 99999999999);
INSERT INTO codes VALUES (2, 'verify', X'02', 99999999999, 0);
INSERT INTO login_failures VALUES ('account:1', 10);
INSERT INTO outbox (recipient, kind, subject, text_body, html_body, created_at, next_attempt_at, sent_at)
  VALUES ('ada@example.com', 'reset', 'Your code', 'code 918273 here', '<p>918273</p>', 10, 10, 11),
         ('eve@example.com', 'verify', 'Your code', 'code 564738 here', '<p>564738</p>', 10, 10, NULL);
)sql";

class MigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("authlens-migration-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "authlens.db").string();
    SQLite::Database db(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(kSchema2);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string file_bytes() const {
    std::string all;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      std::ifstream in(entry.path(), std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(MigrationTest, UnconfirmedAccountsAndPlainTextCodesDoNotSurvive) {
  {
    auto store = make_store("sqlite://" + path_, nullptr);
    auto tx = store->begin();
    EXPECT_FALSE(tx->accounts().find_account_by_email("eve@example.com").has_value());
    const auto ada = tx->accounts().find_account_by_email("ada@example.com");
    ASSERT_TRUE(ada.has_value());
    EXPECT_EQ(ada->id, 1);
    // Schema 4: nothing has changed its credentials yet, and its hash may be of the raw form.
    EXPECT_EQ(ada->credential_version, 0);
    EXPECT_FALSE(ada->password_nfkc);
    EXPECT_EQ(tx->accounts().find_account_by_email("bob@example.com")->id, 3);
    tx->commit();
    EXPECT_EQ(store->pending_mail_count(), 0) << "unsent mail carried codes the new table forgot";
  }
  SQLite::Database db(path_);
  EXPECT_EQ(db.execAndGet("SELECT MAX(version) FROM schema_migrations").getInt(), 6);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox").getInt(), 1) << "sent mail is kept";
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM sessions").getInt(), 0) << "eve's went with eve";
  EXPECT_EQ(db.execAndGet("SELECT email FROM accounts WHERE id = 4").getString(),
            "BOB@example.com");
  // Not in a table, and not in a free page of the file either.
  const auto bytes = file_bytes();
  EXPECT_EQ(bytes.find("918273"), std::string::npos);
  EXPECT_EQ(bytes.find("564738"), std::string::npos);
}

}  // namespace
}  // namespace authlens::store::testing
