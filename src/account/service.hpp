#pragma once
// The account flows. Knows nothing of HTTP or SQL: it speaks to a Store, hashes with a
// PasswordHasher, checks passwords with a PasswordPolicy, queues mail in the same transaction as
// the code it carries, and reports through an AccountObserver.
//
// The model (see README, "Choices"): an account exists only once its address has proven itself
// with a mailed code; the code, not registration, decides the password. Codes, cooldowns and
// every throttle belong to the address string (known or not) or to the client address, so no
// answer differs between unknown, unconfirmed and confirmed addresses.
//
// Threads: thread-safe; every method may run on any thread at once (the state is in the store).
// Methods that hash a password or ask the breach service block for tens of milliseconds
// (register, confirm, login, reset, change_password, delete_account): run them on the hashing
// pool, never on an I/O thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "account/client.hpp"
#include "account/clock.hpp"
#include "account/observer.hpp"
#include "account/password_hasher.hpp"
#include "account/password_policy.hpp"
#include "account/result.hpp"
#include "account/settings.hpp"
#include "mail/code_seal.hpp"
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
    const PasswordPolicy& policy;
    const Clock& clock;
    trace::Tracer& tracer;
    AccountObserver* observer = nullptr;   // may be null
    std::function<void()> on_mail_queued;  // wakes the outbox worker; may be empty
  };

  AccountService(Dependencies deps, AccountSettings settings);

  // `client` is who is asking (client.hpp): its address for logs, its key for limits.
  Status register_account(std::string_view email, std::string_view password,
                          const Client& client);
  Result<LoginGrant> confirm(std::string_view email, std::string_view code,
                             std::string_view password, const Client& client);
  Status resend(std::string_view email, const Client& client);
  Result<LoginGrant> login(std::string_view email, std::string_view password,
                           const Client& client);
  Status logout(std::string_view token);
  Result<Profile> me(std::string_view token);
  Status forgot(std::string_view email, const Client& client);
  Status reset(std::string_view email, std::string_view code, std::string_view new_password,
               const Client& client);
  Status change_password(std::string_view token, std::string_view current_password,
                         std::string_view new_password, const Client& client);
  Status delete_account(std::string_view token, std::string_view password, const Client& client);

  // An address as the flows use it: its normalised text, the keyed hash that names it in codes
  // and throttles, and a short tag of that hash for log lines.
  struct Address {
    std::string text;
    store::Digest key{};
    std::string tag;
  };

 private:
  // Wrong-password tries recorded before the hash is checked, so concurrent tries cannot
  // overshoot a limit; a right password takes them back.
  struct PasswordTry {
    std::int64_t client_event = 0;
    bool locks_client = false;   // this failure reaches the client's limit
    bool locks_address = false;  // this failure reaches the address's limit
  };

  // Runs one flow and reports its result once (metrics), also when the store fails.
  template <typename T, typename Body>
  Result<T> flow(std::string_view name, Body&& body);

  std::optional<Address> address_of(std::string_view email) const;
  // The NFKC form of an acceptable new password, or weak_password.
  Result<std::string> new_password(std::string_view raw, const Address& address) const;

  // register, resend and forgot: cooldown and budget, then a code (mailed or not) for the
  // address. Inside the cooldown, register answers as if it sent (the code already in the
  // inbox works), resend and forgot answer 429.
  Status send_code(const Address& address, store::CodePurpose purpose, const Client& client,
                   bool quiet_in_cooldown);
  // confirm and reset: limits, then the code; a right code is used up at once.
  Status take_code(const Address& address, store::CodePurpose purpose, std::string_view code,
                   const Client& client);

  // Refuses when a limit is reached; else reserves the try and, when asked, reads the account.
  Result<PasswordTry> begin_password_try(const Address& address, const Client& client,
                                         std::optional<store::Account>* account);
  // Takes a right password's reservation back, or reports a wrong one (and a lockout).
  void end_password_try(store::Transaction& tx, const PasswordTry& attempt, bool good,
                        std::string_view failure_event, const Address& address,
                        const Client& client, std::optional<std::int64_t> account_id);
  // Verifies `password` (NFKC first, then the raw form for hashes made before NFKC); on a
  // raw-form match, `rehash` gets a new hash of the NFKC form.
  bool check_password(const std::string& stored_hash, std::string_view password,
                      std::optional<std::string>* rehash);
  void spend_dummy_check(std::string_view password);

  LoginGrant sign_in(store::Transaction& tx, std::int64_t account_id, std::int64_t now);
  std::optional<store::Session> session_for(std::string_view token);

  std::string hash_password(std::string_view password);
  bool verify_password(std::string_view stored_hash, std::string_view password);
  void security(std::string_view name, std::string_view result, std::optional<std::int64_t> id,
                const Client& client, const Address& address);
  std::string make_code(const Address& address) const;
  void queue_mail(store::Transaction& tx, store::OutgoingMail mail, std::string_view other_kind,
                  std::int64_t now);
  void mail_queued();

  Dependencies deps_;
  AccountSettings settings_;
  store::Digest server_key_;
  mail::CodeSeal seal_;
};

}  // namespace authlens::account
