#pragma once
// A statement as the store runs it: a stable name (what traces show) and its SQL text.
#include <string_view>

namespace authlens::store {

struct NamedSql {
  std::string_view name;
  std::string_view sql;
};

}  // namespace authlens::store
