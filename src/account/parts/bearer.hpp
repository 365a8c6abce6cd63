#pragma once
// The session behind a bearer token, as every signed-in flow looks it up, and its use noted for
// GET /me/sessions' last_used_at: kept to the minute, written in batches off the request path
// (flush), so an authenticated request stays one read.
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "account/kernel.hpp"

namespace authlens::account {

class Bearer {
 public:
  explicit Bearer(const Kernel& kernel) : kernel_(kernel) {}

  // The live session of `token`, or nullopt (missing, unknown, expired or revoked).
  std::optional<ports::SessionRecord> session(std::string_view token);

  // The session read again inside an acting unit of work: still live, on the credentials that
  // were verified (nothing was reset, changed or deleted in between); nullopt otherwise.
  static std::optional<ports::SessionRecord> still_live(ports::UnitOfWork& tx,
                                                        std::string_view token,
                                                        const ports::SessionRecord& verified,
                                                        std::int64_t now);

  // When a session was last used, counting uses not written yet.
  std::int64_t last_used(const ports::SessionRecord& session) const;
  // Writes the uses noted since the last flush (periodically, on the hashing pool).
  void flush();

 private:
  const Kernel& kernel_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::int64_t> pending_;  // session id -> used at
};

// The account read again inside the acting unit of work is the one that was verified, with the
// same credentials.
bool same_credentials(const ports::AccountRecord& verified,
                      const std::optional<ports::AccountRecord>& now);

}  // namespace authlens::account
