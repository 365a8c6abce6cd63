#pragma once
#include <string>

#include "store/store.hpp"

namespace authlens::store::testing {

// A session row as the domain would insert one (the id derived from the token, for tests).
inline NewSession session_row(const Digest& token_hash, std::int64_t account_id,
                              std::int64_t created_at, std::int64_t expires_at) {
  NewSession s;
  s.token_hash = token_hash;
  s.id = "session-" + std::to_string(token_hash[0]) + "-" + std::to_string(token_hash[1]);
  s.account_id = account_id;
  s.created_at = created_at;
  s.expires_at = expires_at;
  s.methods = "password";
  s.aal = "aal1";
  return s;
}

}  // namespace authlens::store::testing
