#pragma once
// The PostgreSQL schema as numbered migrations, applied in order and recorded in
// schema_migrations.
#include "store/postgres/pg_connection.hpp"

namespace authlens::store::postgres {

// Brings the database to the newest schema in one transaction, holding an advisory lock so
// replicas starting together migrate one after the other; seeds the server key with the first.
void migrate(Connection& conn);

}  // namespace authlens::store::postgres
