#include "account/strategies/recovery_code/recovery_code_factor.hpp"

#include "account/address.hpp"
#include "account/parts/mailing.hpp"
#include "account/strategies/recovery_code/digest.hpp"
#include "account/strategies/recovery_code/recovery_code.hpp"
#include "mail/templates.hpp"

namespace authlens::account {
namespace {

constexpr std::string_view kActive = "active";

ports::Bytes identifier_of(const Kernel& kernel, std::int64_t account_id,
                           const recovery_code::RecoveryCode& code) {
  const auto digest = recovery_code::digest_code(kernel.server_key(), account_id, code);
  return ports::Bytes(digest.begin(), digest.end());
}

}  // namespace

bool RecoveryCodeFactor::usable(const ports::AccountRecord& account) const {
  return credential_count(account, kRecoveryCodeMethod) > 0;
}

bool RecoveryCodeFactor::check(ports::UnitOfWork& tx, const ports::AccountRecord& account,
                               std::string_view code, const Client& client, std::int64_t now) {
  const auto parsed = recovery_code::parse_recovery_code(code);
  if (!parsed) return false;
  auto& credentials = tx.credentials();
  // Bound to the account by the keyed hash itself; the id check is belt and braces.
  const auto found = credentials.find_credential_by_identifier(
      kRecoveryCodeMethod, identifier_of(kernel_, account.id, *parsed));
  if (!found || found->account_id != account.id || found->state != kActive) return false;
  if (!credentials.delete_credential(account.id, found->id)) return false;  // single use
  notify_owner(kernel_, tx, account.email, mail::kind::kRecoveryCodeUsed, client, now);
  const auto address = address_of(kernel_, account.email);
  kernel_.security(SecurityEventKind::kRecoveryCodeUsed, "ok", account.id, client,
                   address ? std::string_view(address->tag) : std::string_view{});
  return true;
}

std::vector<std::string> RecoveryCodeFactor::issue(ports::UnitOfWork& tx, std::int64_t account_id,
                                                   std::int64_t now) const {
  auto& credentials = tx.credentials();
  credentials.delete_credentials(account_id, kRecoveryCodeMethod);
  std::vector<std::string> shown;
  for (const auto& code : recovery_code::new_recovery_codes()) {
    ports::CredentialRecord row;
    row.account_id = account_id;
    row.type = std::string(kRecoveryCodeMethod);
    row.state = std::string(kActive);
    row.identifier = identifier_of(kernel_, account_id, code);
    row.created_at = now;
    credentials.insert_credential(row);
    shown.push_back(code.display());
  }
  return shown;
}

void RecoveryCodeFactor::revoke(ports::UnitOfWork& tx, std::int64_t account_id) const {
  tx.credentials().delete_credentials(account_id, kRecoveryCodeMethod);
}

}  // namespace authlens::account
