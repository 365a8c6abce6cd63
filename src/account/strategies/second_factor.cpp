#include "account/strategies/second_factor.hpp"

#include <charconv>

namespace authlens::account {

bool SecondFactors::on(const ports::AccountRecord& account) const {
  for (auto* f : factors_)
    if (f->primary() && f->usable(account)) return true;
  return false;
}

std::vector<std::string> SecondFactors::methods_for(const ports::AccountRecord& account) const {
  std::vector<std::string> out;
  if (!on(account)) return out;
  for (auto* f : factors_)
    if (f->usable(account)) out.emplace_back(f->method());
  return out;
}

SecondFactor* SecondFactors::usable(std::string_view method,
                                    const ports::AccountRecord& account) const {
  if (!on(account)) return nullptr;
  for (auto* f : factors_)
    if (f->method() == method && f->usable(account)) return f;
  return nullptr;
}

SecondFactor* SecondFactors::check_any(ports::UnitOfWork& tx, const ports::AccountRecord& account,
                                       std::string_view code, const Client& client,
                                       std::int64_t now) const {
  if (!on(account)) return nullptr;
  for (auto* f : factors_)
    if (f->usable(account) && f->check(tx, account, code, client, now)) return f;
  return nullptr;
}

int credential_count(const ports::AccountRecord& account, std::string_view type) {
  std::string_view rest = account.credential_summary;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto colon = item.find(':');
    if (colon == std::string_view::npos || item.substr(0, colon) != type) continue;
    int n = 0;
    const auto digits = item.substr(colon + 1);
    std::from_chars(digits.data(), digits.data() + digits.size(), n);
    return n;
  }
  return 0;
}

}  // namespace authlens::account
