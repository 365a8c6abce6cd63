#pragma once
// What AUTHLENS_DATABASE_URL names: a SQLite file (or memory) or a PostgreSQL libpq URI.
#include <string>
#include <variant>

namespace authlens::store {

struct SqliteTarget {
  std::string path;  // as given: relative paths are relative to the working directory
  bool in_memory = false;
};

struct PostgresTarget {
  std::string conninfo;  // the libpq URI without our own parameters
  int pool_size = 4;
};

// Throws StoreError naming what is wrong with the URL (never echoing a password).
std::variant<SqliteTarget, PostgresTarget> parse_store_url(const std::string& url);

}  // namespace authlens::store
