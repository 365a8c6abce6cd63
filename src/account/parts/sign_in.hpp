#pragma once
// How a flow ends in a signed-in caller: a session (its token, public id, methods and assurance
// level), or, for an account with a second factor, the pending second step instead. And what a
// credential change ends.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "account/address.hpp"
#include "account/client.hpp"
#include "account/kernel.hpp"

namespace authlens::account {

struct LoginGrant {
  std::string access_token;
  std::int64_t expires_in = 0;  // seconds
};

// The answer to a right password when the account has a second factor: no token, a challenge
// for POST /login/second-factor.
struct SecondStep {
  std::string challenge;
  std::int64_t expires_in = 0;
  std::vector<std::string> factors;  // the methods that can complete it
};

using SignInOutcome = std::variant<LoginGrant, SecondStep>;

// NIST SP 800-63B authenticator assurance levels.
inline constexpr std::string_view kAal1 = "aal1";
inline constexpr std::string_view kAal2 = "aal2";
// The challenge kind of a login's second step (ports::ChallengeRecord::kind).
inline constexpr std::string_view kSecondStepChallenge = "second_factor";

// A new session of `account_id` for `client`, signed in with `methods` ("password",
// "password,totp", "passkey") at assurance level `aal`.
LoginGrant issue_session(const Kernel& kernel, ports::UnitOfWork& tx, std::int64_t account_id,
                         const Client& client, std::string_view methods, std::string_view aal,
                         std::int64_t now);

// The pending second step of `account`, whose first factor (`methods`) was just proven; bound
// to the account's credentials as they are now.
SecondStep open_second_step(const Kernel& kernel, ports::UnitOfWork& tx,
                            const ports::AccountRecord& account, std::string_view methods,
                            std::vector<std::string> factors, std::int64_t now);

// After a credential change: every session but `keep` ends, every code of the address (both
// purposes) and every pending login step is void, and the address's wrong-password count starts
// again.
void end_other_access(ports::UnitOfWork& tx, std::int64_t account_id, const Address& address,
                      const ports::Digest* keep);

}  // namespace authlens::account
