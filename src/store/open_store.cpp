#include <memory>
#include <string>
#include <variant>

#include "store/postgres/pg_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"
#include "store/store_factory.hpp"
#include "store/store_url.hpp"

namespace authlens::store {

std::unique_ptr<Store> make_store(const std::string& url, trace::Tracer* tracer,
                                  const StoreOptions& options) {
  auto target = parse_store_url(url);
  if (auto* sqlite = std::get_if<SqliteTarget>(&target)) {
    return std::make_unique<SqliteStore>(*sqlite, tracer, options);
  }
  return std::make_unique<PgStore>(std::get<PostgresTarget>(target), tracer, options);
}

std::unique_ptr<Store> open_store(const std::string& url, trace::Tracer& tracer,
                                  const StoreOptions& options) {
  return make_store(url, &tracer, options);
}

}  // namespace authlens::store
