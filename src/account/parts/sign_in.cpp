#include "account/parts/sign_in.hpp"

#include "account/secrets.hpp"
#include "account/throttle.hpp"
#include "text/utf8.hpp"

namespace authlens::account {
namespace {

constexpr std::size_t kUserAgentBytes = 256;  // what a session list shows of a device

// `text` cut to at most `max` bytes, at a character boundary, and made valid UTF-8.
std::string cut_text(std::string_view text, std::size_t max) {
  std::size_t end = 0;
  while (end < text.size()) {
    const auto n = std::max<std::size_t>(1, text::utf8_sequence_length(text, end));
    if (end + n > max) break;
    end += n;
  }
  std::string out;
  text::append_utf8_sanitized(out, text.substr(0, end));
  return out;
}

}  // namespace

LoginGrant issue_session(const Kernel& kernel, ports::UnitOfWork& tx, std::int64_t account_id,
                         const Client& client, std::string_view methods, std::string_view aal,
                         std::int64_t now) {
  const auto ttl = kernel.settings().token_ttl_s;
  LoginGrant grant{new_access_token(), ttl};
  ports::NewSession session;
  session.token_hash = digest_token(grant.access_token);
  session.id = new_public_id();
  session.account_id = account_id;
  session.created_at = now;
  session.expires_at = now + ttl;
  session.client_address = std::string(client.address);
  session.user_agent = cut_text(client.user_agent, kUserAgentBytes);
  session.methods = std::string(methods);
  session.aal = std::string(aal);
  tx.sessions().insert_session(session);
  return grant;
}

SecondStep open_second_step(const Kernel& kernel, ports::UnitOfWork& tx,
                            const ports::AccountRecord& account, std::string_view methods,
                            std::vector<std::string> factors, std::int64_t now) {
  const auto ttl = kernel.settings().second_step_ttl_s;
  SecondStep step{new_access_token(), ttl, std::move(factors)};
  ports::ChallengeRecord challenge;
  challenge.handle_hash = digest_token(step.challenge);
  challenge.kind = std::string(kSecondStepChallenge);
  challenge.account_id = account.id;
  challenge.credential_version = account.credential_version;
  challenge.data.assign(methods.begin(), methods.end());
  challenge.expires_at = now + ttl;
  tx.challenges().put_challenge(challenge);
  return step;
}

void end_other_access(ports::UnitOfWork& tx, std::int64_t account_id, const Address& address,
                      const ports::Digest* keep) {
  tx.sessions().delete_sessions_of(account_id, keep);
  tx.codes().delete_codes(address.key);
  tx.challenges().delete_challenges_of(account_id);
  tx.throttles().clear_events(throttle::address_key(throttle::kLogin, address.key));
}

}  // namespace authlens::account
