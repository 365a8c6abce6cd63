#pragma once
// The SQLite schema as numbered migrations, applied in order and recorded in schema_migrations.
#include "store/sqlite/sqlite_connection.hpp"

namespace authlens::store::sqlite {

// Brings the database to the newest schema in one IMMEDIATE transaction (so concurrent starters
// queue) and seeds the server key with the first migration. Safe to call on every start.
void migrate(Connection& conn);

}  // namespace authlens::store::sqlite
