#include "account/flows/session_flow.hpp"

#include "account/address.hpp"
#include "account/flow_errors.hpp"
#include "account/secrets.hpp"

namespace authlens::account {
namespace {

constexpr std::string_view kTotp = "totp";
constexpr std::string_view kRecoveryCode = "recovery_code";

std::vector<std::string> split_methods(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

}  // namespace

Result<Profile> SessionFlow::me(std::string_view token) {
  return run_flow<Profile>(kernel_, "me", [&]() -> Result<Profile> {
    auto session = bearer_.session(token);
    if (!session) return errors::no_session();
    auto& account = session->account;
    return Profile{std::move(account.email), account.created_at,
                   credential_count(account, kTotp) > 0, credential_count(account, kRecoveryCode)};
  });
}

Status SessionFlow::logout(std::string_view token) {
  return run_flow<Done>(kernel_, "logout", [&]() -> Status {
    if (!bearer_.session(token)) return errors::no_session();
    auto tx = kernel_.store().begin();
    const bool removed = tx->sessions().delete_session(digest_token(token));
    tx->commit();
    return removed ? ok() : Status(errors::no_session());
  });
}

Result<std::vector<SessionView>> SessionFlow::list(std::string_view token) {
  return run_flow<std::vector<SessionView>>(
      kernel_, "list_sessions", [&]() -> Result<std::vector<SessionView>> {
        const auto session = bearer_.session(token);
        if (!session) return errors::no_session();
        auto tx = kernel_.store().begin();
        std::vector<SessionView> out;
        for (auto& s : tx->sessions().list_sessions(session->account.id, kernel_.now())) {
          out.push_back(SessionView{s.id, s.created_at, bearer_.last_used(s), s.expires_at,
                                    std::move(s.client_address), std::move(s.user_agent),
                                    split_methods(s.methods), std::move(s.aal),
                                    s.id == session->id});
        }
        return out;
      });
}

Status SessionFlow::revoke(std::string_view token, std::string_view id, const Client& client) {
  return run_flow<Done>(kernel_, "revoke_session", [&]() -> Status {
    const auto session = bearer_.session(token);
    if (!session) return errors::no_session();
    auto tx = kernel_.store().begin();
    // Deleted only when it is the caller's: another account's id answers like an unknown one.
    if (!tx->sessions().delete_session_by_id(session->account.id, id))
      return errors::session_not_found();
    tx->commit();
    const auto address = address_of(kernel_, session->account.email);
    kernel_.security(SecurityEventKind::kSessionRevoked, "ok", session->account.id, client,
                     address ? std::string_view(address->tag) : std::string_view{});
    return ok();
  });
}

Status SessionFlow::revoke_others(std::string_view token, const Client& client) {
  return run_flow<Done>(kernel_, "revoke_other_sessions", [&]() -> Status {
    const auto session = bearer_.session(token);
    if (!session) return errors::no_session();
    const auto keep = digest_token(token);
    auto tx = kernel_.store().begin();
    tx->sessions().delete_sessions_of(session->account.id, &keep);
    tx->commit();
    const auto address = address_of(kernel_, session->account.email);
    kernel_.security(SecurityEventKind::kSessionRevoked, "ok", session->account.id, client,
                     address ? std::string_view(address->tag) : std::string_view{});
    return ok();
  });
}

}  // namespace authlens::account
