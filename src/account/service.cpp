// What every flow shares: addresses, password rules, hashing, sessions, mail, reporting. The
// flows themselves are in address_proof.cpp (codes), password_checks.cpp (passwords) and
// sessions.cpp.
#include "account/service.hpp"

#include <chrono>

#include "account/email_address.hpp"
#include "account/flow_errors.hpp"
#include "account/secrets.hpp"
#include "telemetry/trace/runtime_context.hpp"
#include "telemetry/trace/traceparent.hpp"
#include "telemetry/trace/tracer.hpp"

namespace authlens::account {
namespace {

constexpr std::size_t kAddressTagBytes = 6;  // 12 hex digits: enough to tell addresses apart

}  // namespace

AccountService::AccountService(Dependencies deps, AccountSettings settings)
    : deps_(std::move(deps)),
      settings_(std::move(settings)),
      server_key_(deps_.store.server_key()),
      seal_(server_key_) {}

std::optional<AccountService::Address> AccountService::address_of(std::string_view email) const {
  auto text = normalize_email(email);
  if (!text) return std::nullopt;
  Address address{std::move(*text), {}, {}};
  address.key = digest_address(server_key_, address.text);
  address.tag = hex_prefix(address.key, kAddressTagBytes);
  return address;
}

Result<std::string> AccountService::new_password(std::string_view raw,
                                                 const Address& address) const {
  auto normalized = PasswordPolicy::normalize(raw);
  const auto problem = normalized ? deps_.policy.check(*normalized, address.text)
                                  : PasswordPolicy::normalize_problem(raw);
  if (problem == PasswordProblem::kNone) return std::move(*normalized);
  return errors::weak_password(deps_.policy.explain(problem));
}

std::string AccountService::hash_password(std::string_view password) {
  trace::ScopedSpan span(deps_.tracer, "password.hash", trace::SpanKind::kInternal);
  span->set_attribute("authlens.argon2.algorithm", "argon2id");
  const auto start = std::chrono::steady_clock::now();
  auto hash = deps_.hasher.hash(password);
  if (deps_.observer != nullptr)
    deps_.observer->on_password_hash(
        "hash", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return hash;
}

bool AccountService::verify_password(std::string_view stored_hash, std::string_view password) {
  trace::ScopedSpan span(deps_.tracer, "password.verify", trace::SpanKind::kInternal);
  const auto start = std::chrono::steady_clock::now();
  const bool good = deps_.hasher.verify(stored_hash, password);
  if (deps_.observer != nullptr)
    deps_.observer->on_password_hash(
        "verify", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return good;
}

void AccountService::security(std::string_view name, std::string_view result,
                              std::optional<std::int64_t> id, const Client& client,
                              const Address& address) {
  if (deps_.observer != nullptr)
    deps_.observer->on_security_event({name, result, id, client.address, address.tag});
}

std::string AccountService::make_code(const Address& address) const {
  if (settings_.test_email && settings_.test_code && *settings_.test_email == address.text)
    return *settings_.test_code;
  return new_code();
}

void AccountService::queue_mail(store::Transaction& tx, store::OutgoingMail mail,
                                std::string_view other_kind, std::int64_t now) {
  trace::ScopedSpan span(deps_.tracer, "mail.enqueue", trace::SpanKind::kProducer);
  span->set_attribute("authlens.mail.kind", mail.kind);
  const auto& context = trace::current_span_context();
  if (context.is_valid()) {
    mail.traceparent = trace::format_traceparent(context);
    mail.tracestate = context.trace_state;
  }
  // A newer code supersedes the mail carrying the older one, if that has not left yet.
  tx.delete_pending_mail(mail.recipient, mail.kind, other_kind);
  tx.enqueue_mail(mail, now);
}

void AccountService::mail_queued() {
  if (deps_.on_mail_queued) deps_.on_mail_queued();
}

LoginGrant AccountService::sign_in(store::Transaction& tx, std::int64_t account_id,
                                   std::int64_t now) {
  LoginGrant grant{new_access_token(), settings_.token_ttl_s};
  tx.insert_session(digest_token(grant.access_token), account_id, now, now + settings_.token_ttl_s);
  return grant;
}

std::optional<store::Session> AccountService::session_for(std::string_view token) {
  if (token.empty() || token.size() > 256) return std::nullopt;
  return deps_.store.find_session(digest_token(token), deps_.clock.now());
}

}  // namespace authlens::account
