// The SQLite write-ahead log stays bounded: a reader that holds an old snapshot lets it grow (no
// checkpoint can pass it), and once readers let go, the store's periodic checkpoint empties it.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/store.hpp"
#include "store/store_factory.hpp"

namespace authlens::store::testing {
namespace {

TEST(SqliteWal, TheCheckpointEmptiesTheLogOnceReadersLetGo) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("authlens-wal-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = (dir / "authlens.db").string();
  const auto wal = path + "-wal";
  {
    auto store = make_store("sqlite://" + path, nullptr);
    {
      // A reader in the middle of a read, as under a flood: no checkpoint may pass its snapshot.
      SQLite::Database reader(path, SQLite::OPEN_READONLY);
      reader.exec("BEGIN");
      reader.execAndGet("SELECT COUNT(*) FROM accounts");
      for (int i = 0; i < 600; ++i) {
        auto tx = store->begin();
        OutgoingMail mail;
        mail.recipient = "r" + std::to_string(i) + "@example.com";
        mail.kind = "verify";
        mail.sealed_code = Bytes(16 * 1024, 0x5a);
        tx->outbox().enqueue_mail(mail, 100);
        tx->commit();
      }
      EXPECT_GT(std::filesystem::file_size(wal), 6u << 20) << "the reader held the log back";
      store->checkpoint();  // the reader still reads: the checkpoint gives up quickly
      EXPECT_GT(std::filesystem::file_size(wal), 6u << 20);
      reader.exec("COMMIT");
    }
    store->checkpoint();
    EXPECT_EQ(std::filesystem::file_size(wal), 0u) << "emptied once nobody reads an old snapshot";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace authlens::store::testing
