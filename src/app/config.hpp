#pragma once
// Every authlens setting, parsed and checked once at start. A bad value stops the start with a
// message naming the variable (exit 2). OTEL_* settings belong to the tracing SDK, which reads
// them itself from the same source.
//
// Each setting is declared once, as one row of config.cpp's table: its name, default and
// meaning (what --help prints), how it is parsed and its range, what production demands of it,
// and where the value goes — into Config, or straight into the domain's AccountSettings.
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "account/settings.hpp"
#include "app/settings_source.hpp"
#include "http/client_identity.hpp"
#include "http/trusted_proxies.hpp"
#include "telemetry/config_error.hpp"

namespace authlens::app {

// One error type for every bad setting: the tracing SDK reads its OTEL_* settings itself and
// reports them with this type, so the app uses it too and main catches one thing.
using ConfigError = telemetry::ConfigError;

struct Endpoint {
  std::string host;
  unsigned short port = 0;
};

struct Config {
  Endpoint http_addr;
  Endpoint admin_addr;
  std::string database_url;
  bool production = false;
  std::optional<std::string> smtp_url;
  std::string sender_email;
  std::string sender_password;
  std::string mail_dir;
  std::string log_level;
  std::string log_format;
  bool metrics_on = true;
  bool logs_on = true;
  // Whether an incoming traceparent's sampled flag decides ours (AUTHLENS_TRUST_INCOMING_SAMPLING).
  bool trust_incoming_sampling = true;
  unsigned io_threads = 1;
  unsigned hash_workers = 1;
  unsigned hash_queue = 64;
  unsigned long long argon2_opslimit = 0;
  std::size_t argon2_memlimit = 0;
  std::size_t password_min_length = 15;
  std::optional<std::string> hibp_url;
  std::chrono::milliseconds mail_poll{500};
  std::chrono::milliseconds mail_retry_base{2000};
  unsigned mail_senders = 4;
  unsigned max_connections = 1024;
  unsigned max_connections_per_client = 64;
  http::TrustedProxies trusted_proxies;  // AUTHLENS_TRUSTED_PROXIES
  http::ProxyHeader trusted_proxy_header = http::ProxyHeader::kXForwardedFor;
  unsigned client_ipv6_prefix = http::ClientKeys::kDefaultIpv6Prefix;
  std::optional<std::string> admin_token;  // the admin listener's bearer token
  bool metrics_need_token = false;         // /metrics behind the admin token too
  std::string ready_file;                  // written once both listeners are bound; empty: none
  std::chrono::milliseconds write_probe_interval{5000};
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds shutdown_timeout{10};
  // What the account flows enforce (codes, tokens, mail, throttles, the test code), filled by the
  // rows directly: the domain's own struct, no copy of it here.
  account::AccountSettings account;
  // AUTHLENS_WEBAUTHN_ORIGINS unset: the passkeys' origin is http://localhost:<bound API port>.
  bool webauthn_origins_follow_listener = false;

  http::ClientIdentification client_identification() const {
    return {trusted_proxies, trusted_proxy_header, http::ClientKeys(client_ipv6_prefix)};
  }
  // The database's bounded waits (store/store_options.hpp) and the drain's grace period.
  std::chrono::milliseconds store_timeout{3000};
  std::chrono::milliseconds pg_connect_timeout{2000};
  std::chrono::milliseconds pg_statement_timeout{2500};
  std::chrono::milliseconds pg_lock_timeout{2000};
  std::chrono::seconds pg_keepalive_idle{5};
  std::chrono::milliseconds pg_tcp_user_timeout{5000};
  std::chrono::milliseconds drain_grace{2000};
};

struct SettingDoc {
  const char* name;
  const char* default_value;
  const char* meaning;
  const char* production;  // what production demands beyond the range ("" when nothing)
};
std::vector<SettingDoc> setting_docs();

Config load_config(const SettingsSource& source);  // throws ConfigError
Endpoint parse_endpoint(const std::string& variable, const std::string& value);

}  // namespace authlens::app
