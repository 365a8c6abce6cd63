#pragma once
// Names and arithmetic of the throttles. A throttle key is a scope plus whom it counts: a client
// address, or an address's keyed hash (never the address itself). The store keeps the events.
#include <cstdint>
#include <string>
#include <string_view>

#include "account/ports/records.hpp"

namespace authlens::account::throttle {

// Scopes.
inline constexpr std::string_view kLogin = "login";             // wrong passwords
inline constexpr std::string_view kCode = "code";               // wrong codes, any purpose
inline constexpr std::string_view kVerifyCode = "code.verify";  // wrong codes of one purpose:
inline constexpr std::string_view kResetCode = "code.reset";    // tries of the live code
inline constexpr std::string_view kVerifyCooldown = "cooldown.verify";  // code mails per address
inline constexpr std::string_view kResetCooldown = "cooldown.reset";
inline constexpr std::string_view kMail = "mail";              // mail-sending requests per client
inline constexpr std::string_view kPasswordChange = "change";  // password changes per address

std::string client_key(std::string_view scope, std::string_view client);
std::string address_key(std::string_view scope, const ports::Digest& address);

// What flows lock before reading and writing a client's or an address's events.
std::string client_lock(std::string_view client);
std::string address_lock(const ports::Digest& address);

struct Limit {
  int max = 0;
  std::int64_t window_s = 0;
};

// The window of `limit` that ends now: an event `window_s` seconds old has just left it.
inline std::int64_t window_start(const Limit& limit, std::int64_t now) {
  return now - limit.window_s + 1;
}

inline bool reached(const ports::EventWindow& events, const Limit& limit) {
  return events.count >= limit.max;
}

// Seconds until the oldest event leaves the window, so one more is allowed (at least 1).
inline int seconds_until_free(const ports::EventWindow& events, const Limit& limit,
                              std::int64_t now) {
  const auto wait = events.oldest_at + limit.window_s - now;
  return static_cast<int>(wait < 1 ? 1 : wait);
}

}  // namespace authlens::account::throttle
