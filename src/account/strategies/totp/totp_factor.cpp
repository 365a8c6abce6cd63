#include "account/strategies/totp/totp_factor.hpp"

#include <sodium.h>

#include <span>
#include <string>

#include "account/strategies/totp/code.hpp"

namespace authlens::account {
namespace {

// The row a sealed secret belongs to: it opens for this account only.
std::string associated(std::int64_t account_id) { return "totp:" + std::to_string(account_id); }

}  // namespace

TotpFactor::TotpFactor(const Kernel& kernel)
    : kernel_(kernel), box_(kernel.server_key(), "totpseal") {}

bool TotpFactor::usable(const ports::AccountRecord& account) const {
  return credential_count(account, kTotpMethod) > 0;
}

bool TotpFactor::check(ports::UnitOfWork& tx, const ports::AccountRecord& account,
                       std::string_view code, const Client& /*client*/, std::int64_t now) {
  for (auto& credential : tx.credentials().find_credentials(account.id, kTotpMethod)) {
    if (credential.state != "active") continue;
    return accept(tx, std::move(credential), account.id, code, now, "active");
  }
  return false;
}

bool TotpFactor::accept(ports::UnitOfWork& tx, ports::CredentialRecord credential,
                        std::int64_t account_id, std::string_view code, std::int64_t now,
                        std::string_view state) const {
  const auto secret = open(credential.secret, account_id);
  if (!secret) return false;
  const auto step = totp::verify_code(*secret, code, now);
  // A step already used (or older than one used) is a replay.
  if (!step || *step <= credential.counter) return false;
  const auto seen = credential.counter;
  credential.counter = *step;
  credential.last_used_at = now;
  credential.state = std::string(state);
  return tx.credentials().update_credential(credential, seen);
}

ports::Bytes TotpFactor::seal(const totp::Secret& secret, std::int64_t account_id) const {
  const auto bytes = secret.bytes();
  return box_.seal(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                   associated(account_id));
}

std::optional<totp::Secret> TotpFactor::open(const ports::Bytes& sealed,
                                             std::int64_t account_id) const {
  auto plain = box_.open(sealed, associated(account_id));
  if (!plain) return std::nullopt;
  auto secret = totp::Secret::from_bytes(
      std::span(reinterpret_cast<const std::uint8_t*>(plain->data()), plain->size()));
  sodium_memzero(plain->data(), plain->size());
  return secret;
}

}  // namespace authlens::account
