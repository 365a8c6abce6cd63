#pragma once
// The values the account domain keeps, as its ports (the interfaces beside this file) read and
// write them. Times are Unix seconds. The stores implement the ports; nothing here knows SQL.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace authlens::account::ports {

using Digest = std::array<std::uint8_t, 32>;  // SHA-256 of a token, keyed hash of a code
using Bytes = std::vector<std::uint8_t>;

// The storage could not be reached or used. Every port may throw it; the flows report it and
// the HTTP layer answers 503. Everything else is a value.
struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct AccountRecord {
  std::int64_t id = 0;
  std::string email;          // normalised (lower case): one identity per address
  std::string password_hash;  // libsodium crypto_pwhash_str string
  std::int64_t created_at = 0;
  // Bumped by every credential change (a password set, a factor added or removed): a flow that
  // verified something before such a change commits sees it moved, and loses.
  std::int64_t credential_version = 0;
  // The hash is of the password's NFKC form (every hash made since schema 4); hashes made
  // before may be of the raw bytes.
  bool password_nfkc = false;
  // The account's active credentials other than the password, per type: "recovery_code:10,totp:1"
  // (kept by the store on every credential write, so GET /me needs no second statement).
  std::string credential_summary;
};

enum class CodePurpose { kVerify, kReset };

// The live code of one address for one purpose; a newer one replaces it. Codes belong to
// addresses, not accounts: an address proves itself before any account exists for it.
struct CodeRecord {
  Digest hash{};  // keyed hash, never the code
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
};

// A signed-in session. `id` is its public name (what GET /me/sessions lists and DELETE takes);
// the token itself is stored only as its digest.
struct SessionRecord {
  AccountRecord account;
  std::string id;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
  std::int64_t expires_at = 0;
  std::string client_address;
  std::string user_agent;
  std::string methods;  // comma list of how it was signed in: "password", "password,totp"
  std::string aal;      // "aal1" or "aal2"
};

struct NewSession {
  Digest token_hash{};
  std::string id;
  std::int64_t account_id = 0;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::string client_address;
  std::string user_agent;
  std::string methods;
  std::string aal;
};

// The events of one throttle key inside a window (failed logins, wrong codes, mail requests).
struct EventWindow {
  int count = 0;
  std::int64_t oldest_at = 0;  // time of the oldest event inside the window (0 when none)
};

// A credential other than the password, of one strategy ("totp", "recovery_code", "passkey").
// What the fields hold is the strategy's business; the store keeps them.
struct CredentialRecord {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::string type;
  std::string state;  // "pending" (enrolment not confirmed) or "active"
  Bytes identifier;   // a lookup key unique per type (a recovery code's keyed hash, a passkey id)
  Bytes secret;       // sealed when secret (a TOTP key)
  Bytes public_data;  // public key material (a passkey's COSE key)
  std::string name;
  std::int64_t counter = 0;  // the last TOTP step used; a passkey's sign count
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
};

// A pending step of a flow that spans requests (the second step of a login, a passkey
// ceremony): named by the digest of a random handle the client holds, bound to one account and
// to its credentials as they were, single use, short-lived, with a count of wrong answers.
struct ChallengeRecord {
  Digest handle_hash{};
  std::string kind;
  std::int64_t account_id = 0;  // 0: not bound to an account yet (a passkey login)
  std::int64_t credential_version = 0;
  Bytes data;  // the flow's own state (the methods already proven, a WebAuthn challenge)
  std::int64_t expires_at = 0;
  int failures = 0;
};

}  // namespace authlens::account::ports
