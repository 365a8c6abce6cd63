// Which URLs open which store, and how bad ones are reported.
#include "store/store_url.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <variant>

#include "session_row.hpp"
#include "store/store.hpp"
#include "store/store_factory.hpp"

namespace authlens::store {
namespace {

TEST(StoreUrlTest, SqlitePathIsTakenAsGiven) {
  auto t = std::get<SqliteTarget>(parse_store_url("sqlite://var/authlens.db"));
  EXPECT_EQ(t.path, "var/authlens.db");
  EXPECT_FALSE(t.in_memory);
  t = std::get<SqliteTarget>(parse_store_url("sqlite:///tmp/x.db"));
  EXPECT_EQ(t.path, "/tmp/x.db");
  EXPECT_TRUE(std::get<SqliteTarget>(parse_store_url("sqlite://:memory:")).in_memory);
}

TEST(StoreUrlTest, PostgresPoolSizeIsOursAndRemovedForLibpq) {
  auto t = std::get<PostgresTarget>(parse_store_url("postgresql://u@h:5/db"));
  EXPECT_EQ(t.conninfo, "postgresql://u@h:5/db");
  EXPECT_EQ(t.pool_size, 4);
  t = std::get<PostgresTarget>(
      parse_store_url("postgres://h/db?sslmode=disable&pool_size=9&connect_timeout=3"));
  EXPECT_EQ(t.conninfo, "postgres://h/db?sslmode=disable&connect_timeout=3");
  EXPECT_EQ(t.pool_size, 9);
  t = std::get<PostgresTarget>(parse_store_url("postgresql://h/db?pool_size=2"));
  EXPECT_EQ(t.conninfo, "postgresql://h/db");
  EXPECT_EQ(t.pool_size, 2);
}

TEST(StoreUrlTest, BadUrlsNameTheProblem) {
  auto message = [](const std::string& url) {
    try {
      parse_store_url(url);
    } catch (const StoreError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("mysql://h/db").find("unsupported scheme \"mysql\""), std::string::npos);
  EXPECT_NE(message("var/authlens.db").find("no scheme"), std::string::npos);
  EXPECT_NE(message("sqlite://").find("file path"), std::string::npos);
  EXPECT_NE(message("postgresql://h/db?pool_size=0").find("pool_size"), std::string::npos);
  EXPECT_NE(message("postgresql://h/db?pool_size=x").find("pool_size"), std::string::npos);
}

TEST(StoreUrlTest, InMemorySqliteStoreWorksAcrossCalls) {
  auto store = make_store("sqlite://:memory:", nullptr);
  {
    auto tx = store->begin();
    const auto id = tx->accounts().insert_account("ada@example.com", "h", 1);
    tx->sessions().insert_session(testing::session_row(Digest{1}, id, 1, 100));
    tx->commit();
  }
  EXPECT_TRUE(store->find_session(Digest{1}, 2).has_value()) << "one database, not one per call";
}

TEST(StoreUrlTest, SqliteFileAndItsDirectoriesAreCreated) {
  const auto dir = std::filesystem::temp_directory_path() / "authlens-url-test" / "a" / "b";
  std::filesystem::remove_all(dir.parent_path().parent_path());
  {
    auto store = make_store("sqlite://" + (dir / "x.db").string(), nullptr);
    EXPECT_TRUE(store->ping());
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "x.db"));
  std::filesystem::remove_all(dir.parent_path().parent_path());
}

TEST(StoreUrlTest, UnreachablePostgresIsAStoreError) {
  // Port 1 on loopback: nothing listens, the refusal is immediate.
  EXPECT_THROW(make_store("postgresql://127.0.0.1:1/x?connect_timeout=2", nullptr), StoreError);
}

}  // namespace
}  // namespace authlens::store
