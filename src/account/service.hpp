#pragma once
// The account flows. Knows nothing of HTTP or SQL: it speaks to a Store, hashes with a
// PasswordHasher, queues mail in the same transaction as the code it carries, and reports
// through an AccountObserver. Methods that hash must run on the hashing pool (see http/).
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "account/clock.hpp"
#include "account/observer.hpp"
#include "account/password_hasher.hpp"
#include "account/result.hpp"
#include "account/settings.hpp"
#include "store/store.hpp"

namespace authlens::trace {
class Tracer;
}

namespace authlens::account {

struct LoginGrant {
  std::string access_token;
  std::int64_t expires_in = 0;  // seconds
};

struct Profile {
  std::string email;
  bool verified = false;
  std::int64_t created_at = 0;
};

class AccountService {
 public:
  struct Dependencies {
    store::Store& store;
    const PasswordHasher& hasher;
    const Clock& clock;
    trace::Tracer& tracer;
    AccountObserver* observer = nullptr;   // may be null
    std::function<void()> on_mail_queued;  // wakes the outbox worker; may be empty
  };

  AccountService(Dependencies deps, AccountSettings settings);

  Status register_account(std::string_view email, std::string_view password);
  Status confirm(std::string_view email, std::string_view code);
  Status resend(std::string_view email);
  Result<LoginGrant> login(std::string_view email, std::string_view password,
                           std::string_view client_address);
  Status logout(std::string_view token);
  Result<Profile> me(std::string_view token);
  Status forgot(std::string_view email);
  Status reset(std::string_view email, std::string_view code, std::string_view new_password);
  Status change_password(std::string_view token, std::string_view current_password,
                         std::string_view new_password);
  Status delete_account(std::string_view token, std::string_view password);

 private:
  template <typename T>
  Result<T> report(std::string_view event, Result<T> result);

  std::string hash_password(std::string_view password);
  bool verify_password(std::string_view stored_hash, std::string_view password);
  void verify_dummy(std::string_view password);
  std::string make_code(std::string_view email) const;
  std::chrono::minutes code_lifetime() const;
  // Stores a fresh code and queues the mail that carries it, in the caller's transaction.
  void issue_code(store::Transaction& tx, const store::Account& account, store::CodePurpose purpose,
                  std::int64_t now);
  void queue_mail(store::Transaction& tx, store::OutgoingMail mail, std::int64_t now);
  bool in_cooldown(store::Transaction& tx, std::string_view email, std::string_view kind,
                   std::int64_t now, std::int64_t* wait_s = nullptr);
  Status check_code(store::Transaction& tx, const store::Account& account,
                    store::CodePurpose purpose, std::string_view code, std::int64_t now);
  std::optional<store::Session> session_for(std::string_view token);
  void mail_queued();

  Dependencies deps_;
  AccountSettings settings_;
  store::Digest server_key_;
};

}  // namespace authlens::account
