#pragma once
// A signed-in caller's own sessions: who am I (GET /me), sign out, see where I am signed in,
// and end one session or every other.
#include <string>
#include <string_view>
#include <vector>

#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/parts/bearer.hpp"
#include "account/strategies/second_factor.hpp"

namespace authlens::account {

struct Profile {
  std::string email;
  std::int64_t created_at = 0;
  bool totp_enabled = false;
  int recovery_codes_left = 0;
};

struct SessionView {
  std::string id;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
  std::int64_t expires_at = 0;
  std::string client_address;
  std::string user_agent;
  std::vector<std::string> methods;
  std::string aal;
  bool current = false;
};

class SessionFlow {
 public:
  SessionFlow(const Kernel& kernel, Bearer& bearer) : kernel_(kernel), bearer_(bearer) {}

  Result<Profile> me(std::string_view token);
  Status logout(std::string_view token);
  Result<std::vector<SessionView>> list(std::string_view token);
  // Ends the caller's session `id` (not_found when it is not one of theirs).
  Status revoke(std::string_view token, std::string_view id, const Client& client);
  // Ends every session of the caller but the current one.
  Status revoke_others(std::string_view token, const Client& client);

 private:
  const Kernel& kernel_;
  Bearer& bearer_;
};

}  // namespace authlens::account
