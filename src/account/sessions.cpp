// The flows of a signed-in caller that check no password: logout and me.
#include "account/flow_errors.hpp"
#include "account/secrets.hpp"
#include "account/service_flow.hpp"

namespace authlens::account {

Status AccountService::logout(std::string_view token) {
  return flow<Done>("logout", [&]() -> Status {
    if (!session_for(token)) return errors::no_session();
    auto tx = deps_.store.begin();
    const bool removed = tx->delete_session(digest_token(token));
    tx->commit();
    return removed ? ok() : Status(errors::no_session());
  });
}

Result<Profile> AccountService::me(std::string_view token) {
  return flow<Profile>("me", [&]() -> Result<Profile> {
    auto session = session_for(token);
    if (!session) return errors::no_session();
    return Profile{std::move(session->account.email), session->account.verified,
                   session->account.created_at};
  });
}

}  // namespace authlens::account
