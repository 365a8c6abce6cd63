#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace authlens::account {

// Every limit the flows enforce. Windows slide: a limit counts the events of the last window_s.
struct AccountSettings {
  std::int64_t code_ttl_s = 10 * 60;
  // Wrong codes: per code, per address across all its codes, per client across addresses.
  int max_tries_per_code = 5;
  int max_code_failures_per_address = 10;
  int max_code_failures_per_client = 20;
  std::int64_t code_failure_window_s = 3600;

  std::int64_t token_ttl_s = 24 * 3600;

  // A login's second step: how long its challenge lives and how many wrong codes it takes.
  std::int64_t second_step_ttl_s = 5 * 60;
  int max_second_step_failures = 5;
  // The issuer an authenticator app shows beside the address.
  std::string totp_issuer = "authlens";

  // Passkeys (WebAuthn): the relying party's id (a registrable domain of the pages' origin), the
  // name authenticators show, the exact origins the ceremonies may come from, and how long a
  // ceremony's challenge lives.
  std::string webauthn_rp_id = "localhost";
  std::string webauthn_rp_name = "authlens";
  std::vector<std::string> webauthn_origins = {"http://localhost:8001"};
  std::int64_t passkey_ceremony_ttl_s = 5 * 60;

  // Mail: one mail-sending request per address per cooldown, counted from the request; a budget
  // of mail-sending requests per client address.
  std::int64_t mail_cooldown_s = 60;
  int mail_budget_per_client = 20;
  std::int64_t mail_budget_window_s = 3600;

  // What one replica does per hour at most, over every client: mailed-code checks (confirm,
  // reset) and mail-sending requests (register, resend, forgot). Sized for a real deployment:
  // a million accounts do not confirm or reset 10,000 times an hour; a relay sends ~5 mails/s.
  int code_checks_per_hour = 10000;
  int mail_requests_per_hour = 5000;

  // Wrong passwords (login, change, delete): per address and per client.
  std::int64_t login_window_s = 15 * 60;
  int max_login_failures_per_address = 5;
  int max_login_failures_per_client = 20;

  // Development only: a fixed code for one address (TEST_EMAIL/TEST_CODE).
  std::optional<std::string> test_email;
  std::optional<std::string> test_code;
};

}  // namespace authlens::account
