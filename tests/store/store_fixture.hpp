#pragma once
// One fixture for every backend: each test gets a fresh, empty store. SQLite always runs (a temp
// file); PostgreSQL runs when AUTHLENS_TEST_PG_URL names a server, in a schema of its own so
// tests may run in parallel against one database.
#include <gtest/gtest.h>
#include <unistd.h>

#include <SQLiteCpp/Database.h>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <pqxx/pqxx>
#include <string>

#include "session_row.hpp"
#include "store/store.hpp"
#include "store/store_factory.hpp"

namespace authlens::store::testing {

inline std::string unique_suffix() {
  static std::atomic<int> counter{0};
  return std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

inline Digest digest_of(std::uint8_t seed) {
  Digest d{};
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<std::uint8_t>(seed + i);
  return d;
}

inline OutgoingMail mail_to(const std::string& recipient, const std::string& kind = "verify") {
  OutgoingMail mail;
  mail.recipient = recipient;
  mail.kind = kind;
  mail.sealed_code = {0x01, 0x02, 0x03, 0x00, 0xff};  // opaque bytes, a zero among them
  mail.code_ttl_s = 600;
  mail.traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  return mail;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / ("authlens-store-" + unique_suffix());
      url_ = "sqlite://" + (dir_ / "sub" / "authlens.db").string();
    } else {
      const char* base = std::getenv("AUTHLENS_TEST_PG_URL");
      if (base == nullptr || *base == '\0') {
        GTEST_SKIP() << "PostgreSQL tests need AUTHLENS_TEST_PG_URL (scripts/test.d/postgres.sh "
                        "sets it)";
      }
      pg_base_ = base;
      schema_ = "authlens_test_" + unique_suffix();
      admin("CREATE SCHEMA " + schema_);
      url_ = pg_base_ + (pg_base_.find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + schema_ + "&application_name=" + schema_;
    }
    store_ = make_store(url_, nullptr);
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!schema_.empty()) admin("DROP SCHEMA " + schema_ + " CASCADE");
  }

  // Closes the store and opens the same database again.
  void reopen() {
    store_.reset();
    store_ = make_store(url_, nullptr);
  }

  // Inserts a committed account and returns its id.
  std::int64_t committed_account(const std::string& email, std::int64_t now = 1000) {
    auto tx = store_->begin();
    const auto id = tx->accounts().insert_account(email, "hash", now);
    tx->commit();
    return id;
  }

  bool is_postgres() const { return GetParam() == "postgres"; }

  // Reads one integer the store keeps, straight from the database (for what the interface does
  // not expose, such as whether a sealed code is still at rest).
  std::int64_t scalar(const std::string& query) const {
    if (!is_postgres()) {
      SQLite::Database db((dir_ / "sub" / "authlens.db").string());
      return db.execAndGet(query).getInt64();
    }
    pqxx::connection conn(pg_base_);
    pqxx::nontransaction tx(conn);
    tx.exec("SET search_path TO " + schema_);
    return tx.exec(query)[0][0].as<std::int64_t>();
  }

  void admin(const std::string& statement) const {
    pqxx::connection conn(pg_base_);
    pqxx::nontransaction tx(conn);
    tx.exec(statement);
  }

  std::unique_ptr<Store> store_;
  std::string url_;
  std::filesystem::path dir_;
  std::string pg_base_;
  std::string schema_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace authlens::store::testing

// Runs a StoreTest-derived suite against every backend.
#define AUTHLENS_STORE_BACKENDS(Suite)                                               \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::Values("sqlite", "postgres"), \
                           ::authlens::store::testing::backend_name)
