// The pool's libpq URI: our bounded waits are added, and whatever the operator's URL sets wins.
#include "store/postgres/pg_conninfo.hpp"

#include <gtest/gtest.h>

#include "store/postgres/pg_reason.hpp"

namespace authlens::store::postgres {
namespace {

using namespace std::chrono_literals;

TEST(PgConninfoTest, AddsKeepalivesUserTimeoutAndServerSideTimeouts) {
  PgTimeouts t;
  t.statement = 2500ms;
  t.lock = 2000ms;
  t.keepalive_idle = 5s;
  t.tcp_user_timeout = 5000ms;
  EXPECT_EQ(bounded_conninfo("postgresql://db.example/app", t, 3000ms),
            "postgresql://db.example/app?keepalives=1&keepalives_idle=5&keepalives_interval=2&"
            "keepalives_count=3&tcp_user_timeout=5000&options=-c%20statement_timeout%3D2500%20-c%"
            "20lock_timeout%3D2000%20-c%20idle_in_transaction_session_timeout%3D4000");
}

TEST(PgConninfoTest, TheUrlsOwnParametersWinAndItsOptionsComeLast) {
  const auto uri = bounded_conninfo(
      "postgresql://u@h/d?keepalives_idle=30&sslmode=require&options=-c%20statement_timeout%3D9",
      PgTimeouts{}, 3000ms);
  EXPECT_NE(uri.find("keepalives_idle=30"), std::string::npos) << uri;
  EXPECT_EQ(uri.find("keepalives_idle=5"), std::string::npos) << uri;
  EXPECT_NE(uri.find("sslmode=require"), std::string::npos) << uri;
  // One options parameter: ours, then the URL's (a later -c overrides an earlier one).
  EXPECT_EQ(uri.find("options="), uri.rfind("options=")) << uri;
  EXPECT_NE(uri.find("idle_in_transaction_session_timeout%3D4000%20-c%20statement_timeout%3D9"),
            std::string::npos)
      << uri;
}

TEST(PgReasonTest, NamesTheSqlstateAndThePrimaryMessageOnly) {
  EXPECT_EQ(pg_reason("FATAL:  57P01: terminating connection due to administrator command\n"
                      "LOCATION:  ProcessInterrupts, postgres.c:3201\n"),
            "SQLSTATE 57P01: terminating connection due to administrator command");
  EXPECT_EQ(pg_reason("connection to server on socket \"/tmp/x/.s.PGSQL.5432\" failed: FATAL:  "
                      "53300: sorry, too many clients already"),
            "SQLSTATE 53300: sorry, too many clients already");
  // DETAIL lines may carry bound values: never past the first line.
  EXPECT_EQ(pg_reason("ERROR:  23505: duplicate key value violates unique constraint \"k\"\n"
                      "DETAIL:  Key (email)=(ada@example.com) already exists."),
            "SQLSTATE 23505: duplicate key value violates unique constraint \"k\"");
  EXPECT_EQ(pg_reason("connection to server on socket \"/tmp/x/.s.PGSQL.5432\" failed: No such "
                      "file or directory\n\tIs the server running locally?"),
            "connection to server on socket \"/tmp/x/.s.PGSQL.5432\" failed: No such file or "
            "directory");
}

}  // namespace
}  // namespace authlens::store::postgres
