#pragma once
// Signed-in sessions, found by the digest of their token.
#include <optional>
#include <string_view>
#include <vector>

#include "account/ports/records.hpp"

namespace authlens::account::ports {

class Sessions {
 public:
  virtual ~Sessions() = default;
  virtual void insert_session(const NewSession& session) = 0;
  // The live session of a token, read inside this unit of work (after its locks).
  virtual std::optional<SessionRecord> find_session(const Digest& token_hash, std::int64_t now) = 0;
  virtual bool delete_session(const Digest& token_hash) = 0;  // false when there was none
  // Revokes every session of the account except `keep` (when given).
  virtual void delete_sessions_of(std::int64_t account_id, const Digest* keep) = 0;
  // The account's live sessions, newest first.
  virtual std::vector<SessionRecord> list_sessions(std::int64_t account_id, std::int64_t now) = 0;
  // Ends the session with public id `id` if it is the account's; false when it is not.
  virtual bool delete_session_by_id(std::int64_t account_id, std::string_view id) = 0;
};

}  // namespace authlens::account::ports
