#pragma once
// What the domain reports, for metrics and the security log; the app wires it to Prometheus and
// the logger. Names and results come from fixed sets, so metric labels stay bounded.
#include <string_view>

#include "account/security_event.hpp"

namespace authlens::account {

class AccountObserver {
 public:
  virtual ~AccountObserver() = default;
  // Once per flow: its name (register, confirm, login, …) and "ok" or the error code.
  virtual void on_event(std::string_view event, std::string_view result) = 0;
  // operation: "hash" or "verify".
  virtual void on_password_hash(std::string_view operation, double seconds) = 0;
  virtual void on_security_event(const SecurityEvent& event) = 0;
};

}  // namespace authlens::account
