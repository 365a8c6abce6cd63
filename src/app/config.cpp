#include "app/config.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "account/email_address.hpp"
#include "account/strategies/password/password_hasher.hpp"

namespace authlens::app {
namespace {

unsigned cores() { return std::max(1u, std::thread::hardware_concurrency()); }

const std::vector<SettingDoc> kSettings = {
    {"AUTHLENS_HTTP_ADDR", "127.0.0.1:8001", "public API listener (host:port)"},
    {"AUTHLENS_ADMIN_ADDR", "127.0.0.1:8000",
     "admin listener: /metrics, /debug/traces, /healthz, /readyz"},
    {"AUTHLENS_DATABASE_URL", "sqlite://var/authlens.db",
     "sqlite://PATH or postgresql://… (libpq URI)"},
    {"AUTHLENS_ENV", "development",
     "development or production (production refuses the dev mailer and TEST_CODE)"},
    {"SMTP_URL", "(unset: dev mailer)",
     "smtp://host:port (STARTTLS when offered) or smtps://host:port"},
    {"SENDER_EMAIL", "authlens@localhost", "From address, and the SMTP user name"},
    {"SENDER_PASSWORD", "(unset)", "SMTP password (AUTH only when set)"},
    {"TEST_EMAIL", "(unset)", "the address that gets the fixed code TEST_CODE; development only"},
    {"TEST_CODE", "(unset)", "a fixed 6-digit code for TEST_EMAIL; development only"},
    {"AUTHLENS_MAIL_DIR", "var/mail", "where the dev mailer keeps .eml files"},
    {"AUTHLENS_LOG_LEVEL", "info", "debug, info, warn or error"},
    {"AUTHLENS_LOG_FORMAT", "json", "json or text"},
    {"AUTHLENS_METRICS", "on", "off switches metrics off"},
    {"AUTHLENS_LOGS", "on", "off switches logs off"},
    {"AUTHLENS_TRUST_INCOMING_SAMPLING", "on",
     "off: an incoming traceparent's sampled flag is ignored and our sampler decides (the trace "
     "id is still continued)"},
    {"AUTHLENS_IO_THREADS", "cores", "threads serving HTTP"},
    {"AUTHLENS_HASH_WORKERS", "cores", "threads hashing passwords (each needs the Argon2 memory)"},
    {"AUTHLENS_HASH_QUEUE", "64", "requests allowed to wait for a hashing thread before 503"},
    {"AUTHLENS_ARGON2_OPSLIMIT", "2", "Argon2id passes (libsodium INTERACTIVE)"},
    {"AUTHLENS_ARGON2_MEMLIMIT", "67108864", "Argon2id memory in bytes (libsodium INTERACTIVE)"},
    {"AUTHLENS_TOKEN_TTL", "86400", "access token lifetime, seconds"},
    {"AUTHLENS_CODE_TTL", "600", "email code lifetime, seconds"},
    {"AUTHLENS_RESEND_COOLDOWN_S", "60",
     "seconds between two code requests for one address (per purpose), from the request"},
    {"AUTHLENS_MAIL_BUDGET_PER_HOUR", "20",
     "mail-sending requests (register, resend, forgot) one client address may make per hour"},
    {"AUTHLENS_CODE_CHECKS_PER_HOUR", "10000",
     "mailed-code checks (confirm, reset) one replica makes per hour, over all clients"},
    {"AUTHLENS_MAIL_REQUESTS_PER_HOUR", "5000",
     "mail-sending requests one replica accepts per hour, over all clients"},
    {"AUTHLENS_LOGIN_FAILURES_PER_ADDRESS", "5",
     "wrong passwords per 15 min that lock an address (tests only; not in production)"},
    {"AUTHLENS_LOGIN_FAILURES_PER_CLIENT", "20",
     "wrong passwords per 15 min that lock a client (tests only; not in production)"},
    {"AUTHLENS_CODE_FAILURES_PER_ADDRESS", "10",
     "wrong codes per hour that lock an address (tests only; not in production)"},
    {"AUTHLENS_CODE_FAILURES_PER_CLIENT", "20",
     "wrong codes per hour that lock a client (tests only; not in production)"},
    {"AUTHLENS_PASSWORD_MIN_LENGTH", "15",
     "8-64; minimum password length in characters after NFKC (NIST SP 800-63B-4: 15)"},
    {"AUTHLENS_HIBP_URL", "(unset)",
     "Pwned Passwords range API base URL (only 5 hex digits of the SHA-1 leave); unset: offline "
     "checks only"},
    {"AUTHLENS_MAIL_POLL_MS", "500", "how often the outbox is checked for due mail"},
    {"AUTHLENS_MAIL_RETRY_BASE_MS", "2000",
     "first retry delay of a failed delivery (doubles, capped at 5 min)"},
    {"AUTHLENS_MAX_CONNECTIONS", "1024",
     "open connections per listener (near it, the longest-idle ones are closed first)"},
    {"AUTHLENS_MAX_CONNECTIONS_PER_CLIENT", "64",
     "open connections one client address may hold on a listener (trusted proxies excepted)"},
    {"AUTHLENS_TRUSTED_PROXIES", "(unset)",
     "comma list of CIDRs; only from these peers is Forwarded / X-Forwarded-For read for the "
     "client address"},
    {"AUTHLENS_WRITE_PROBE_MS", "5000",
     "how often a tiny write checks that the database takes writes (every second while not)"},
    {"AUTHLENS_READY_FILE", "(unset)",
     "file written with the bound addresses once both listeners listen (ports may be 0)"},
    {"AUTHLENS_HEADER_TIMEOUT_S", "10", "time allowed to send one request"},
    {"AUTHLENS_IDLE_TIMEOUT_S", "60", "keep-alive idle time"},
    {"AUTHLENS_SHUTDOWN_TIMEOUT_S", "10", "on SIGTERM, how long in-flight requests may finish"},
    // The database's bounded waits and the drain (README "The store's timeouts", "Shutdown").
    {"AUTHLENS_STORE_TIMEOUT_MS", "3000",
     "the longest a request waits for the database, counted from its arrival; past it the answer "
     "is 503 unavailable with Retry-After"},
    {"AUTHLENS_PG_CONNECT_TIMEOUT_MS", "2000",
     "PostgreSQL: opening a connection, at most (and never past the request's deadline)"},
    {"AUTHLENS_PG_STATEMENT_TIMEOUT_MS", "(5/6 of the store timeout: 2500)",
     "PostgreSQL statement_timeout, below the store timeout: the server cancels a slow statement "
     "and the connection is kept"},
    {"AUTHLENS_PG_LOCK_TIMEOUT_MS", "(2/3 of the store timeout: 2000)",
     "PostgreSQL lock_timeout, below the store timeout"},
    {"AUTHLENS_PG_KEEPALIVE_IDLE_S", "5",
     "PostgreSQL over TCP: keepalive probes after this much silence (then every 2 s, 3 at most)"},
    {"AUTHLENS_PG_TCP_USER_TIMEOUT_MS", "5000",
     "PostgreSQL over TCP: data unacknowledged this long ends the connection (0: the system's)"},
    {"AUTHLENS_DRAIN_GRACE_MS", "2000",
     "on SIGTERM, how long /readyz answers 503 while requests are still served (answers say "
     "Connection: close), before the listeners close"},
    {"OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES", "authlens", "resource of every span"},
    {"OTEL_TRACES_EXPORTER", "otlp", "otlp, console, none (comma list)"},
    {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318",
     "OTLP/HTTP base URL (/v1/traces is added)"},
    {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "(unset)", "full OTLP/HTTP traces URL"},
    {"OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "http/protobuf or http/json"},
    {"OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT, OTEL_EXPORTER_OTLP_COMPRESSION",
     "-, 10000, none", "as the OTel SDK spec says"},
    {"OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG", "parentbased_always_on", "sampler"},
    {"OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_MAX_QUEUE_SIZE, OTEL_BSP_MAX_EXPORT_BATCH_SIZE, "
     "OTEL_BSP_EXPORT_TIMEOUT",
     "5000, 2048, 512, 30000", "batch span processor"},
    {"OTEL_SDK_DISABLED", "false", "true switches tracing off entirely"},
};

// The one place a setting's default is written is its row in kSettings (what --help prints);
// parsing reads it from there.
const char* default_of(const char* name) {
  for (const auto& row : kSettings)
    if (std::string_view(row.name) == name) return row.default_value;
  throw std::logic_error(std::string("setting without a row in kSettings: ") + name);
}

bool is_unset(std::string_view text) { return text.empty() || text.front() == '('; }

// The value from the environment or .env, else the default ("" for "(unset)" defaults).
std::string text_of(const SettingsSource& source, const char* name) {
  auto value = source.get(name);
  if (value && !value->empty()) return *value;
  const char* fallback = default_of(name);
  return is_unset(fallback) ? std::string() : std::string(fallback);
}

template <typename T>
T number_from(const char* name, const std::string& text, T min, T max) {
  T parsed{};
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, parsed);
  if (ec != std::errc() || ptr != end)
    throw ConfigError(name, "'" + text + "' is not a whole number");
  if (parsed < min || parsed > max)
    throw ConfigError(name, "'" + text + "' is out of range [" + std::to_string(min) + ", " +
                                std::to_string(max) + "]");
  return parsed;
}

template <typename T>
T number_of(const SettingsSource& source, const char* name, T min, T max) {
  const std::string text = text_of(source, name);
  if (text == "cores") return static_cast<T>(cores());  // a default that depends on the machine
  return number_from<T>(name, text, min, max);
}

bool switch_of(const SettingsSource& source, const char* name) {
  const auto value = text_of(source, name);
  if (value == "on" || value == "true" || value == "1") return true;
  if (value == "off" || value == "false" || value == "0") return false;
  throw ConfigError(name, "'" + value + "' must be on or off");
}

std::string choice_of(const SettingsSource& source, const char* name,
                      std::initializer_list<const char*> choices) {
  const auto value = text_of(source, name);
  for (const char* choice : choices)
    if (value == choice) return value;
  std::string allowed;
  for (const char* choice : choices) allowed += (allowed.empty() ? "" : ", ") + std::string(choice);
  throw ConfigError(name, "'" + value + "' must be one of: " + allowed);
}

// The server-side timeouts default to fractions of the store timeout and, when set, must stay
// below it: the server should cancel a wait before the client gives up on the connection.
void load_store_timeouts(const SettingsSource& source, Config& c) {
  using std::chrono::milliseconds;
  c.store_timeout = milliseconds(number_of<long>(source, "AUTHLENS_STORE_TIMEOUT_MS", 100, 600000));
  c.pg_connect_timeout =
      milliseconds(number_of<long>(source, "AUTHLENS_PG_CONNECT_TIMEOUT_MS", 100, 600000));
  const auto below_store = [&](const char* name, milliseconds fallback) {
    if (text_of(source, name).empty()) return fallback;
    const auto value = milliseconds(number_of<long>(source, name, 1, 600000));
    if (value >= c.store_timeout)
      throw ConfigError(name, "must be below AUTHLENS_STORE_TIMEOUT_MS (" +
                                  std::to_string(c.store_timeout.count()) + ")");
    return value;
  };
  c.pg_statement_timeout = below_store("AUTHLENS_PG_STATEMENT_TIMEOUT_MS", c.store_timeout * 5 / 6);
  c.pg_lock_timeout = below_store("AUTHLENS_PG_LOCK_TIMEOUT_MS", c.store_timeout * 2 / 3);
  c.pg_keepalive_idle =
      std::chrono::seconds(number_of<long>(source, "AUTHLENS_PG_KEEPALIVE_IDLE_S", 1, 3600));
  c.pg_tcp_user_timeout =
      milliseconds(number_of<long>(source, "AUTHLENS_PG_TCP_USER_TIMEOUT_MS", 0, 3600000));
}

}  // namespace

const std::vector<SettingDoc>& setting_docs() { return kSettings; }

Endpoint parse_endpoint(const std::string& variable, const std::string& value) {
  const auto colon = value.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw ConfigError(variable, "'" + value + "' must be host:port");
  Endpoint endpoint;
  endpoint.host = value.substr(0, colon);
  if (endpoint.host.size() > 2 && endpoint.host.front() == '[' && endpoint.host.back() == ']')
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  const std::string port = value.substr(colon + 1);
  unsigned parsed = 0;
  const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), parsed);
  if (ec != std::errc() || ptr != port.data() + port.size() || parsed > 65535)
    throw ConfigError(variable, "'" + port + "' is not a port number");
  endpoint.port = static_cast<unsigned short>(parsed);
  return endpoint;
}

Config load_config(const SettingsSource& source) {
  Config c;
  c.http_addr = parse_endpoint("AUTHLENS_HTTP_ADDR", text_of(source, "AUTHLENS_HTTP_ADDR"));
  c.admin_addr = parse_endpoint("AUTHLENS_ADMIN_ADDR", text_of(source, "AUTHLENS_ADMIN_ADDR"));
  c.database_url = text_of(source, "AUTHLENS_DATABASE_URL");
  if (c.database_url.rfind("sqlite://", 0) != 0 && c.database_url.rfind("postgresql://", 0) != 0 &&
      c.database_url.rfind("postgres://", 0) != 0)
    throw ConfigError("AUTHLENS_DATABASE_URL", "must start with sqlite:// or postgresql://");
  c.production = choice_of(source, "AUTHLENS_ENV", {"development", "production"}) == "production";

  if (auto smtp = text_of(source, "SMTP_URL"); !smtp.empty()) {
    if (smtp.rfind("smtp://", 0) != 0 && smtp.rfind("smtps://", 0) != 0)
      throw ConfigError("SMTP_URL", "must start with smtp:// or smtps://");
    c.smtp_url = smtp;
  } else if (c.production) {
    throw ConfigError("SMTP_URL", "is required in production (the dev mailer only writes files)");
  }
  c.sender_email = text_of(source, "SENDER_EMAIL");
  c.sender_password = text_of(source, "SENDER_PASSWORD");

  const auto test_email = text_of(source, "TEST_EMAIL");
  const auto test_code = text_of(source, "TEST_CODE");
  if (!test_email.empty() || !test_code.empty()) {
    if (c.production) throw ConfigError("TEST_CODE", "is refused in production");
    if (test_email.empty() || test_code.empty())
      throw ConfigError("TEST_EMAIL", "TEST_EMAIL and TEST_CODE go together");
    const auto normalized = account::normalize_email(test_email);
    if (!normalized) throw ConfigError("TEST_EMAIL", "is not a valid email address");
    if (test_code.size() != 6 || test_code.find_first_not_of("0123456789") != std::string::npos)
      throw ConfigError("TEST_CODE", "must be 6 digits");
    c.test_email = *normalized;
    c.test_code = test_code;
  }
  c.mail_dir = text_of(source, "AUTHLENS_MAIL_DIR");
  c.log_level = choice_of(source, "AUTHLENS_LOG_LEVEL", {"debug", "info", "warn", "error"});
  c.log_format = choice_of(source, "AUTHLENS_LOG_FORMAT", {"json", "text"});
  c.metrics_on = switch_of(source, "AUTHLENS_METRICS");
  c.logs_on = switch_of(source, "AUTHLENS_LOGS");
  c.trust_incoming_sampling = switch_of(source, "AUTHLENS_TRUST_INCOMING_SAMPLING");
  c.io_threads = number_of<unsigned>(source, "AUTHLENS_IO_THREADS", 1, 256);
  c.hash_workers = number_of<unsigned>(source, "AUTHLENS_HASH_WORKERS", 1, 256);
  c.hash_queue = number_of<unsigned>(source, "AUTHLENS_HASH_QUEUE", 0, 100000);
  c.argon2_opslimit = number_of<unsigned long long>(source, "AUTHLENS_ARGON2_OPSLIMIT", 1, 64);
  c.argon2_memlimit =
      number_of<std::size_t>(source, "AUTHLENS_ARGON2_MEMLIMIT", 8192, std::size_t{4} << 30);
  c.token_ttl_s = number_of<std::int64_t>(source, "AUTHLENS_TOKEN_TTL", 60, 366 * 86400);
  c.code_ttl_s = number_of<std::int64_t>(source, "AUTHLENS_CODE_TTL", 10, 86400);
  c.resend_cooldown_s = number_of<std::int64_t>(source, "AUTHLENS_RESEND_COOLDOWN_S", 0, 86400);
  c.mail_budget_per_hour = number_of<unsigned>(source, "AUTHLENS_MAIL_BUDGET_PER_HOUR", 1, 1000000);
  c.code_checks_per_hour =
      number_of<unsigned>(source, "AUTHLENS_CODE_CHECKS_PER_HOUR", 1, 100000000);
  c.mail_requests_per_hour =
      number_of<unsigned>(source, "AUTHLENS_MAIL_REQUESTS_PER_HOUR", 1, 100000000);
  c.password_min_length = number_of<std::size_t>(source, "AUTHLENS_PASSWORD_MIN_LENGTH", 8, 64);
  const auto throttle = [&source, &c](const char* name) {
    if (c.production && source.get(name) && !source.get(name)->empty())
      throw ConfigError(name, "is refused in production (the contract fixes the throttles)");
    return number_of<unsigned>(source, name, 1, 1000000);
  };
  c.login_failures_per_address = throttle("AUTHLENS_LOGIN_FAILURES_PER_ADDRESS");
  c.login_failures_per_client = throttle("AUTHLENS_LOGIN_FAILURES_PER_CLIENT");
  c.code_failures_per_address = throttle("AUTHLENS_CODE_FAILURES_PER_ADDRESS");
  c.code_failures_per_client = throttle("AUTHLENS_CODE_FAILURES_PER_CLIENT");
  if (auto url = text_of(source, "AUTHLENS_HIBP_URL"); !url.empty()) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
      throw ConfigError("AUTHLENS_HIBP_URL", "must start with http:// or https://");
    c.hibp_url = url;
  }
  c.mail_poll =
      std::chrono::milliseconds(number_of<long>(source, "AUTHLENS_MAIL_POLL_MS", 10, 60000));
  c.mail_retry_base = std::chrono::milliseconds(
      number_of<long>(source, "AUTHLENS_MAIL_RETRY_BASE_MS", 10, 3600000));
  c.max_connections = number_of<unsigned>(source, "AUTHLENS_MAX_CONNECTIONS", 1, 1000000);
  c.max_connections_per_client =
      number_of<unsigned>(source, "AUTHLENS_MAX_CONNECTIONS_PER_CLIENT", 1, 1000000);
  std::string bad_entry;
  auto proxies =
      http::TrustedProxies::parse(text_of(source, "AUTHLENS_TRUSTED_PROXIES"), &bad_entry);
  if (!proxies)
    throw ConfigError("AUTHLENS_TRUSTED_PROXIES",
                      "'" + bad_entry + "' is not an address or CIDR block (e.g. 10.0.0.0/8)");
  c.trusted_proxies = std::move(*proxies);
  c.ready_file = text_of(source, "AUTHLENS_READY_FILE");
  c.write_probe_interval =
      std::chrono::milliseconds(number_of<long>(source, "AUTHLENS_WRITE_PROBE_MS", 100, 3600000));
  c.header_timeout =
      std::chrono::seconds(number_of<long>(source, "AUTHLENS_HEADER_TIMEOUT_S", 1, 3600));
  c.idle_timeout =
      std::chrono::seconds(number_of<long>(source, "AUTHLENS_IDLE_TIMEOUT_S", 1, 3600));
  c.shutdown_timeout =
      std::chrono::seconds(number_of<long>(source, "AUTHLENS_SHUTDOWN_TIMEOUT_S", 0, 3600));
  load_store_timeouts(source, c);
  c.drain_grace =
      std::chrono::milliseconds(number_of<long>(source, "AUTHLENS_DRAIN_GRACE_MS", 0, 600000));
  return c;
}

}  // namespace authlens::app
