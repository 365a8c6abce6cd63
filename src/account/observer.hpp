#pragma once
// What the domain reports for metrics; the app wires it to Prometheus. Values are from fixed
// sets (event names, error codes), so labels stay bounded.
#include <string_view>

namespace authlens::account {

class AccountObserver {
 public:
  virtual ~AccountObserver() = default;
  // event: register, confirm, resend, login, logout, me, forgot, reset, change_password, delete;
  // result: "ok" or the error code.
  virtual void on_event(std::string_view event, std::string_view result) = 0;
  // operation: "hash" or "verify".
  virtual void on_password_hash(std::string_view operation, double seconds) = 0;
};

}  // namespace authlens::account
