#pragma once
// Client of the Pwned Passwords range API (k-anonymity): GET {url}/range/{5 hex of SHA-1} with
// Add-Padding: true. Only the 5-hex prefix leaves the process; the answer is searched locally.
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "account/strategies/password/password_policy.hpp"

namespace authlens::breach {

class PwnedPasswords final : public account::BreachedPasswords {
 public:
  // Told why a lookup could not decide ("timed out", "HTTP status 503", …): text without the
  // password, its hash or the prefix. Called on the looking-up thread.
  using FailureSink = std::function<void(std::string_view reason)>;

  static constexpr std::chrono::milliseconds kDefaultTimeout{2000};
  static constexpr std::size_t kMaxBodyBytes = 1 << 20;  // real answers are ~40 KB padded
  static constexpr std::size_t kMaxIdleConnections = 4;

  // base_url: http:// or https://, e.g. https://api.pwnedpasswords.com (a trailing / is fine).
  // Throws std::invalid_argument for anything else. `timeout` bounds a whole lookup.
  explicit PwnedPasswords(std::string base_url, std::chrono::milliseconds timeout = kDefaultTimeout,
                          FailureSink on_failure = {});
  ~PwnedPasswords() override;
  PwnedPasswords(const PwnedPasswords&) = delete;
  PwnedPasswords& operator=(const PwnedPasswords&) = delete;

  // true / false from the corpus; nullopt on any failure (unreachable, slow, not 200, unreadable
  // body). Safe from several threads at once: each lookup has its own curl handle.
  std::optional<bool> contains(std::string_view normalized_password) const override;

 private:
  struct Connection;  // one curl easy handle, reused so keep-alive saves the TLS handshake
  Connection* acquire() const;
  void release(Connection* connection, bool reusable) const;
  void fail(std::string_view reason) const;

  std::string range_url_;  // base URL + "/range/"
  std::chrono::milliseconds timeout_;
  FailureSink on_failure_;
  mutable std::mutex idle_mutex_;  // guards idle_ only; never held across I/O
  mutable std::vector<Connection*> idle_;
};

}  // namespace authlens::breach
