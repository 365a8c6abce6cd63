#pragma once
// How a CodePurpose is spelled in the database, so rows stay readable and stable across builds.
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace authlens::store {

inline std::string_view to_text(CodePurpose purpose) {
  return purpose == CodePurpose::kReset ? "reset" : "verify";
}

inline CodePurpose purpose_from_text(std::string_view text) {
  if (text == "reset") return CodePurpose::kReset;
  if (text == "verify") return CodePurpose::kVerify;
  throw StoreError("unknown code purpose in database");
}

}  // namespace authlens::store
