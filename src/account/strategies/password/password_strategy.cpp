#include "account/strategies/password/password_strategy.hpp"

#include <chrono>
#include <vector>

#include "account/flow_errors.hpp"
#include "telemetry/trace/api/tracer.hpp"

namespace authlens::account {
namespace {

// A password the flows would never accept is still checked against a hash (cut to this many
// bytes), so a refusal takes as long as any wrong password.
constexpr std::size_t kMaxPasswordBytes = PasswordPolicy::kMaxRawBytes;

// The forms of a typed password that are checked against a stored hash: the NFKC form, and for a
// hash that may predate normalisation (made before schema 4) the raw bytes too when they differ.
// Every hash made since is of the NFKC form, so a check costs one Argon2 run (a wrong password
// on an old account with a non-NFKC-invariant password costs two, until its next login rehashes).
std::vector<std::string> password_forms(std::string_view raw, bool stored_is_nfkc) {
  std::vector<std::string> forms;
  auto nfkc = PasswordPolicy::normalize(raw);
  if (nfkc) forms.push_back(std::move(*nfkc));
  if (forms.empty() || (!stored_is_nfkc && forms.front() != raw)) forms.emplace_back(raw);
  return forms;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Result<std::string> PasswordStrategy::new_password(std::string_view raw,
                                                   const Address& address) const {
  auto normalized = PasswordPolicy::normalize(raw);
  const auto problem = normalized ? policy_.check(*normalized, address.text)
                                  : PasswordPolicy::normalize_problem(raw);
  if (problem == PasswordProblem::kNone) return std::move(*normalized);
  return errors::weak_password(policy_.explain(problem));
}

std::string PasswordStrategy::hash(std::string_view password) const {
  trace::ScopedSpan span(kernel_.tracer(), "password.hash", trace::SpanKind::kInternal);
  span->set_attribute("authlens.argon2.algorithm", "argon2id");
  const auto start = std::chrono::steady_clock::now();
  auto hash = hasher_.hash(password);
  if (auto* observer = kernel_.observer()) observer->on_password_hash("hash", seconds_since(start));
  return hash;
}

bool PasswordStrategy::verify(std::string_view stored_hash, std::string_view password) const {
  trace::ScopedSpan span(kernel_.tracer(), "password.verify", trace::SpanKind::kInternal);
  const auto start = std::chrono::steady_clock::now();
  const bool good = hasher_.verify(stored_hash, password);
  if (auto* observer = kernel_.observer())
    observer->on_password_hash("verify", seconds_since(start));
  return good;
}

bool PasswordStrategy::check(const ports::AccountRecord& account, std::string_view password,
                             std::optional<std::string>* rehash) const {
  if (password.empty() || password.size() > kMaxPasswordBytes) {
    spend_dummy_check(password.substr(0, kMaxPasswordBytes));
    return false;
  }
  const auto forms = password_forms(password, account.password_nfkc);
  for (const auto& form : forms) {
    if (!verify(account.password_hash, form)) continue;
    if (rehash != nullptr &&
        (!account.password_nfkc || hasher_.needs_rehash(account.password_hash)))
      *rehash = hash(forms.front());
    return true;
  }
  return false;
}

void PasswordStrategy::spend_dummy_check(std::string_view password) const {
  trace::ScopedSpan span(kernel_.tracer(), "password.verify", trace::SpanKind::kInternal);
  hasher_.verify_dummy(password_forms(password.substr(0, kMaxPasswordBytes), true).front());
}

}  // namespace authlens::account
