#pragma once
// Recovery codes as a second factor: ten single-use codes that stand in for the authenticator
// (never turn the second step on by themselves), kept only as keyed hashes bound to the account
// (the credential's identifier), so using one is a lookup and a delete. Using one mails the owner.
#include <string>
#include <vector>

#include "account/kernel.hpp"
#include "account/strategies/second_factor.hpp"

namespace authlens::account {

inline constexpr std::string_view kRecoveryCodeMethod = "recovery_code";

class RecoveryCodeFactor final : public SecondFactor {
 public:
  explicit RecoveryCodeFactor(const Kernel& kernel) : kernel_(kernel) {}

  std::string_view method() const override { return kRecoveryCodeMethod; }
  bool primary() const override { return false; }
  bool usable(const ports::AccountRecord& account) const override;
  bool check(ports::UnitOfWork& tx, const ports::AccountRecord& account, std::string_view code,
             const Client& client, std::int64_t now) override;

  // A new set for the account, replacing the old one; returns the codes as shown once.
  std::vector<std::string> issue(ports::UnitOfWork& tx, std::int64_t account_id,
                                 std::int64_t now) const;
  // Voids the account's set.
  void revoke(ports::UnitOfWork& tx, std::int64_t account_id) const;

 private:
  const Kernel& kernel_;
};

}  // namespace authlens::account
