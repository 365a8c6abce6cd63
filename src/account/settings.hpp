#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace authlens::account {

struct AccountSettings {
  std::int64_t code_ttl_s = 15 * 60;
  int max_code_attempts = 5;
  std::int64_t token_ttl_s = 24 * 3600;
  std::int64_t mail_cooldown_s = 60;
  // Login throttling: this many failures inside the window locks further attempts.
  std::int64_t login_window_s = 15 * 60;
  int max_failures_per_account = 5;
  int max_failures_per_client = 20;
  // Development only: a fixed code for one address (TEST_EMAIL/TEST_CODE).
  std::optional<std::string> test_email;
  std::optional<std::string> test_code;
};

}  // namespace authlens::account
