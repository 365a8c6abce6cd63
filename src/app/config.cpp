#include "app/config.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <type_traits>

#include "account/email_address.hpp"

namespace authlens::app {
namespace {

unsigned cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// A row's value as parsing sees it.
struct Input {
  const char* name;
  std::string text;  // from the environment or .env, else the default ("" for "(unset)")
  bool given;        // set by the operator, not defaulted
  bool production;
};

// One setting, declared once: what --help prints, how the text becomes a value, what production
// demands, and where the value goes. `apply` is null for settings the tracing SDK reads itself.
struct Row {
  const char* name;
  const char* default_value;
  const char* meaning;
  std::string production;  // what production demands, for --help ("" when nothing)
  std::function<void(const Input&, Config&)> apply;
};

// Where a value goes: a member of Config, or of the domain's AccountSettings inside it.
template <auto Member>
constexpr auto into = [](Config& c) -> auto& {
  return c.*Member;
};
template <auto Member>
constexpr auto into_account = [](Config& c) -> auto& {
  return c.account.*Member;
};

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

// What production demands of a number beyond its range: a floor, a ceiling, or that the
// operator leaves it alone (test-only knobs).
template <typename T>
struct Bound {
  std::optional<T> min;
  std::optional<T> max;
  bool refused = false;

  std::string describe() const {
    if (refused) return "refused in production";
    if (min) return "production: at least " + std::to_string(*min);
    if (max) return "production: at most " + std::to_string(*max);
    return "";
  }
  void check(const Input& in, T value) const {
    if (!in.production) return;
    if (refused && in.given)
      throw ConfigError(in.name, "is refused in production (the contract fixes the throttles)");
    if (min && value < *min)
      throw ConfigError(in.name, "'" + in.text + "' is below " + std::to_string(*min) +
                                     ", the least production allows");
    if (max && value > *max)
      throw ConfigError(in.name, "'" + in.text + "' is above " + std::to_string(*max) +
                                     ", the most production allows");
  }
};
template <typename T>
Bound<T> at_least(T v) {
  return {v, std::nullopt, false};
}
template <typename T>
Bound<T> at_most(T v) {
  return {std::nullopt, v, false};
}
template <typename T>
Bound<T> tests_only() {
  return {std::nullopt, std::nullopt, true};
}

// A whole number in [min, max] ("cores" where that is the default), stored in `dest`.
template <typename T, typename Dest>
Row whole(const char* name, const char* default_value, const char* meaning, T min, T max, Dest dest,
          Bound<T> production = {}) {
  return {name, default_value, meaning, production.describe(), [=](const Input& in, Config& c) {
            const T value = in.text == "cores" ? static_cast<T>(cores())
                                               : number_from<T>(name, in.text, min, max);
            production.check(in, value);
            auto& target = dest(c);
            target = static_cast<std::remove_reference_t<decltype(target)>>(value);
          }};
}

template <typename Dest>
Row text(const char* name, const char* default_value, const char* meaning, Dest dest) {
  return {name, default_value, meaning, "", [=](const Input& in, Config& c) { dest(c) = in.text; }};
}

template <typename Dest>
Row on_off(const char* name, const char* default_value, const char* meaning, Dest dest) {
  return {name, default_value, meaning, "", [=](const Input& in, Config& c) {
            const auto& v = in.text;
            if (v == "on" || v == "true" || v == "1") {
              dest(c) = true;
            } else if (v == "off" || v == "false" || v == "0") {
              dest(c) = false;
            } else {
              throw ConfigError(in.name, "'" + v + "' must be on or off");
            }
          }};
}

std::string choice_from(const Input& in, const std::vector<const char*>& choices) {
  for (const char* choice : choices)
    if (in.text == choice) return in.text;
  std::string allowed;
  for (const char* choice : choices) allowed += (allowed.empty() ? "" : ", ") + std::string(choice);
  throw ConfigError(in.name, "'" + in.text + "' must be one of: " + allowed);
}

template <typename Dest>
Row one_of(const char* name, const char* default_value, const char* meaning,
           std::initializer_list<const char*> choices, Dest dest) {
  std::vector<const char*> kept(choices);
  return {name, default_value, meaning, "",
          [=](const Input& in, Config& c) { dest(c) = choice_from(in, kept); }};
}

Row documented(const char* name, const char* default_value, const char* meaning) {
  return {name, default_value, meaning, "", nullptr};
}

Row endpoint(const char* name, const char* default_value, const char* meaning,
             Endpoint Config::*member) {
  return {name, default_value, meaning, "",
          [member](const Input& in, Config& c) { c.*member = parse_endpoint(in.name, in.text); }};
}

// WebAuthn origins: exact serialised origins, each on the RP ID's domain (L3 §5.1.4.1: the RP
// ID is the origin's effective domain or a registrable suffix of it), https in production.
std::vector<std::string> parse_origins(const Input& in, const std::string& rp_id) {
  std::vector<std::string> origins;
  std::string_view rest = in.text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string origin(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    while (!origin.empty() && origin.front() == ' ') origin.erase(0, 1);
    while (!origin.empty() && origin.back() == ' ') origin.pop_back();
    const auto scheme_end = origin.find("://");
    const std::string scheme = scheme_end == std::string::npos ? "" : origin.substr(0, scheme_end);
    if (scheme != "https" && scheme != "http")
      throw ConfigError(in.name, "'" + origin + "' must be an http(s)://host[:port] origin");
    const std::string authority = origin.substr(scheme_end + 3);
    if (authority.empty() || authority.find_first_of("/?#@ ") != std::string::npos)
      throw ConfigError(in.name, "'" + origin + "' must be an origin: no path, query or user");
    std::string host = authority;
    if (host.front() != '[')
      host = host.substr(0, host.rfind(':') == std::string::npos ? host.size() : host.rfind(':'));
    const bool on_domain =
        host == rp_id || (host.size() > rp_id.size() &&
                          host.compare(host.size() - rp_id.size(), rp_id.size(), rp_id) == 0 &&
                          host[host.size() - rp_id.size() - 1] == '.');
    if (!on_domain)
      throw ConfigError(
          in.name, "'" + origin + "' is not on AUTHLENS_WEBAUTHN_RP_ID's domain (" + rp_id + ")");
    if (in.production && scheme != "https" && host != "localhost")
      throw ConfigError(in.name, "'" + origin + "' must be https in production");
    origins.push_back(origin);
  }
  if (origins.empty()) throw ConfigError(in.name, "needs at least one origin");
  return origins;
}

// A server-side timeout that defaults to a fraction of the store timeout (an earlier row) and,
// when set, stays below it: the server should cancel a wait before the client gives up on it.
Row below_store_timeout(const char* name, const char* default_value, const char* meaning,
                        long numerator, long denominator,
                        std::chrono::milliseconds Config::*member) {
  return {name, default_value, meaning, "", [=](const Input& in, Config& c) {
            if (!in.given) {
              c.*member = c.store_timeout * numerator / denominator;
              return;
            }
            const std::chrono::milliseconds value(number_from<long>(name, in.text, 1, 600000));
            if (value >= c.store_timeout)
              throw ConfigError(name, "must be below AUTHLENS_STORE_TIMEOUT_MS (" +
                                          std::to_string(c.store_timeout.count()) + ")");
            c.*member = value;
          }};
}

bool is_loopback(const Endpoint& endpoint) {
  if (endpoint.host == "localhost") return true;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(endpoint.host, ec);
  return !ec && address.is_loopback();
}

// Trusted proxies wider than these would let most of the Internet say who the client is.
constexpr unsigned kNarrowestTrustedV4 = 8;
constexpr unsigned kNarrowestTrustedV6 = 32;
// A bearer token shorter than this is guessable; `openssl rand -hex 32` gives 64 characters.
constexpr std::size_t kMinAdminToken = 16;

const std::vector<Row>& rows() {
  using account::AccountSettings;
  static const std::vector<Row> kRows = {
      endpoint("AUTHLENS_HTTP_ADDR", "127.0.0.1:8001", "public API listener (host:port)",
               &Config::http_addr),
      endpoint("AUTHLENS_ADMIN_ADDR", "127.0.0.1:8000",
               "admin listener: /metrics, /debug/traces, /healthz, /readyz", &Config::admin_addr),
      {"AUTHLENS_DATABASE_URL", "sqlite://var/authlens.db",
       "sqlite://PATH or postgresql://… (libpq URI)", "",
       [](const Input& in, Config& c) {
         const auto& url = in.text;
         if (url.rfind("sqlite://", 0) != 0 && url.rfind("postgresql://", 0) != 0 &&
             url.rfind("postgres://", 0) != 0)
           throw ConfigError(in.name, "must start with sqlite:// or postgresql://");
         c.database_url = url;
       }},
      {"AUTHLENS_ENV", "development",
       "development or production (production refuses the dev mailer, TEST_CODE and every "
       "setting outside its production bound)",
       "",
       [](const Input& in, Config& c) {
         c.production = choice_from(in, {"development", "production"}) == "production";
       }},
      {"SMTP_URL", "(unset: dev mailer)",
       "smtp://host:port (STARTTLS when offered) or smtps://host:port", "production: required",
       [](const Input& in, Config& c) {
         if (in.text.empty()) {
           if (in.production)
             throw ConfigError(in.name,
                               "is required in production (the dev mailer only writes files)");
           return;
         }
         if (in.text.rfind("smtp://", 0) != 0 && in.text.rfind("smtps://", 0) != 0)
           throw ConfigError(in.name, "must start with smtp:// or smtps://");
         c.smtp_url = in.text;
       }},
      text("SENDER_EMAIL", "authlens@localhost", "From address, and the SMTP user name",
           into<&Config::sender_email>),
      text("SENDER_PASSWORD", "(unset)", "SMTP password (AUTH only when set)",
           into<&Config::sender_password>),
      {"TEST_EMAIL", "(unset)", "the address that gets the fixed code TEST_CODE; development only",
       "refused in production",
       [](const Input& in, Config& c) {
         if (in.given) c.account.test_email = in.text;  // checked with TEST_CODE, next
       }},
      {"TEST_CODE", "(unset)", "a fixed 6-digit code for TEST_EMAIL; development only",
       "refused in production",
       [](const Input& in, Config& c) {
         auto& email = c.account.test_email;
         if (!email && !in.given) return;
         if (in.production) throw ConfigError(in.name, "is refused in production");
         if (!email || !in.given)
           throw ConfigError("TEST_EMAIL", "TEST_EMAIL and TEST_CODE go together");
         const auto normalized = account::normalize_email(*email);
         if (!normalized) throw ConfigError("TEST_EMAIL", "is not a valid email address");
         if (in.text.size() != 6 || in.text.find_first_not_of("0123456789") != std::string::npos)
           throw ConfigError(in.name, "must be 6 digits");
         email = *normalized;
         c.account.test_code = in.text;
       }},
      text("AUTHLENS_MAIL_DIR", "var/mail", "where the dev mailer keeps .eml files",
           into<&Config::mail_dir>),
      one_of("AUTHLENS_LOG_LEVEL", "info", "debug, info, warn or error",
             {"debug", "info", "warn", "error"}, into<&Config::log_level>),
      one_of("AUTHLENS_LOG_FORMAT", "json", "json or text", {"json", "text"},
             into<&Config::log_format>),
      on_off("AUTHLENS_METRICS", "on", "off switches metrics off", into<&Config::metrics_on>),
      on_off("AUTHLENS_LOGS", "on", "off switches logs off", into<&Config::logs_on>),
      on_off("AUTHLENS_TRUST_INCOMING_SAMPLING", "on",
             "off: an incoming traceparent's sampled flag is ignored and our sampler decides (the "
             "trace id is still continued)",
             into<&Config::trust_incoming_sampling>),
      whole<unsigned>("AUTHLENS_IO_THREADS", "cores", "threads serving HTTP", 1, 256,
                      into<&Config::io_threads>),
      whole<unsigned>("AUTHLENS_HASH_WORKERS", "cores",
                      "threads hashing passwords (each needs the Argon2 memory)", 1, 256,
                      into<&Config::hash_workers>),
      whole<unsigned>("AUTHLENS_HASH_QUEUE", "64",
                      "requests allowed to wait for a hashing thread before 503", 0, 100000,
                      into<&Config::hash_queue>),
      whole<unsigned long long>("AUTHLENS_ARGON2_OPSLIMIT", "2",
                                "Argon2id passes (libsodium INTERACTIVE)", 1, 64,
                                into<&Config::argon2_opslimit>),
      whole<std::size_t>("AUTHLENS_ARGON2_MEMLIMIT", "67108864",
                         "Argon2id memory in bytes (libsodium INTERACTIVE)", 8192,
                         std::size_t{4} << 30, into<&Config::argon2_memlimit>,
                         // OWASP's least for Argon2id: 19 MiB.
                         at_least<std::size_t>(19 * 1024 * 1024)),
      whole<std::int64_t>("AUTHLENS_TOKEN_TTL", "86400", "access token lifetime, seconds", 60,
                          366 * 86400, into_account<&AccountSettings::token_ttl_s>,
                          at_most<std::int64_t>(30 * 86400)),
      whole<std::int64_t>("AUTHLENS_CODE_TTL", "600", "email code lifetime, seconds", 10, 86400,
                          into_account<&AccountSettings::code_ttl_s>),
      whole<std::int64_t>(
          "AUTHLENS_RESEND_COOLDOWN_S", "60",
          "seconds between two code requests for one address (per purpose), from the request", 0,
          86400, into_account<&AccountSettings::mail_cooldown_s>, at_least<std::int64_t>(30)),
      whole<int>("AUTHLENS_MAIL_BUDGET_PER_HOUR", "20",
                 "mail-sending requests (register, resend, forgot) one client may make per hour", 1,
                 1000000, into_account<&AccountSettings::mail_budget_per_client>,
                 at_most(100)),
      // The replica's hourly ceilings over all clients: what many sources together may spend.
      whole<int>("AUTHLENS_CODE_CHECKS_PER_HOUR", "10000",
                 "mailed-code checks (confirm, reset) one replica makes per hour, over all clients",
                 1, 100000000, into_account<&AccountSettings::code_checks_per_hour>,
                 at_most(50000)),
      whole<int>("AUTHLENS_MAIL_REQUESTS_PER_HOUR", "5000",
                 "mail-sending requests one replica accepts per hour, over all clients", 1,
                 100000000, into_account<&AccountSettings::mail_requests_per_hour>,
                 at_most(50000)),
      whole<int>("AUTHLENS_LOGIN_FAILURES_PER_ADDRESS", "5",
                 "wrong passwords per 15 min that lock an address (tests only; not in production)",
                 1, 1000000, into_account<&AccountSettings::max_login_failures_per_address>,
                 tests_only<int>()),
      whole<int>("AUTHLENS_LOGIN_FAILURES_PER_CLIENT", "20",
                 "wrong passwords per 15 min that lock a client (tests only; not in production)", 1,
                 1000000, into_account<&AccountSettings::max_login_failures_per_client>,
                 tests_only<int>()),
      whole<int>("AUTHLENS_CODE_FAILURES_PER_ADDRESS", "10",
                 "wrong codes per hour that lock an address (tests only; not in production)", 1,
                 1000000, into_account<&AccountSettings::max_code_failures_per_address>,
                 tests_only<int>()),
      whole<int>("AUTHLENS_CODE_FAILURES_PER_CLIENT", "20",
                 "wrong codes per hour that lock a client (tests only; not in production)", 1,
                 1000000, into_account<&AccountSettings::max_code_failures_per_client>,
                 tests_only<int>()),
      whole<std::size_t>("AUTHLENS_PASSWORD_MIN_LENGTH", "15",
                         "8-64; minimum password length in characters after NFKC (NIST SP "
                         "800-63B-4: 15)",
                         8, 64, into<&Config::password_min_length>, at_least<std::size_t>(15)),
      {"AUTHLENS_HIBP_URL", "(unset)",
       "Pwned Passwords range API base URL (only 5 hex digits of the SHA-1 leave); unset: offline "
       "checks only",
       "",
       [](const Input& in, Config& c) {
         if (in.text.empty()) return;
         if (in.text.rfind("http://", 0) != 0 && in.text.rfind("https://", 0) != 0)
           throw ConfigError(in.name, "must start with http:// or https://");
         c.hibp_url = in.text;
       }},
      whole<long>("AUTHLENS_MAIL_POLL_MS", "500", "how often the outbox is checked for due mail",
                  10, 60000, into<&Config::mail_poll>),
      whole<long>("AUTHLENS_MAIL_RETRY_BASE_MS", "2000",
                  "first retry delay of a failed delivery (doubles, capped at 5 min)", 10, 3600000,
                  into<&Config::mail_retry_base>),
      whole<unsigned>("AUTHLENS_MAIL_SENDERS", "4",
                      "mail delivered at once: SMTP sessions, each kept for several messages", 1,
                      16, into<&Config::mail_senders>),
      whole<unsigned>("AUTHLENS_MAX_CONNECTIONS", "1024",
                      "open connections per listener (near it, a connection that is not being "
                      "answered is closed, of the client holding the most)",
                      1, 1000000, into<&Config::max_connections>),
      whole<unsigned>("AUTHLENS_MAX_CONNECTIONS_PER_CLIENT", "64",
                      "open connections one client may hold on a listener (trusted proxies "
                      "excepted)",
                      1, 1000000, into<&Config::max_connections_per_client>, at_most(256u)),
      {"AUTHLENS_TRUSTED_PROXIES", "(unset)",
       "comma list of CIDRs; only from these peers is AUTHLENS_TRUSTED_PROXY_HEADER read for the "
       "client address",
       "production: no block wider than /8 (IPv4) or /32 (IPv6)",
       [](const Input& in, Config& c) {
         std::string bad_entry;
         auto proxies = http::TrustedProxies::parse(in.text, &bad_entry);
         if (!proxies)
           throw ConfigError(in.name, "'" + bad_entry +
                                          "' is not an address or CIDR block (e.g. 10.0.0.0/8)");
         if (in.production) {
           for (const auto& block : proxies->blocks()) {
             const unsigned narrowest =
                 block.network.is_v4() ? kNarrowestTrustedV4 : kNarrowestTrustedV6;
             if (block.prefix < narrowest)
               throw ConfigError(in.name, block.network.to_string() + "/" +
                                              std::to_string(block.prefix) +
                                              " is wider than production allows (/" +
                                              std::to_string(narrowest) + ")");
           }
         }
         c.trusted_proxies = std::move(*proxies);
       }},
      {"AUTHLENS_TRUSTED_PROXY_HEADER", "x-forwarded-for",
       "the one header trusted proxies write: x-forwarded-for or forwarded (the other is never "
       "read)",
       "",
       [](const Input& in, Config& c) {
         const auto header = http::parse_proxy_header(in.text);
         if (!header)
           throw ConfigError(in.name, "'" + in.text + "' must be x-forwarded-for or forwarded");
         c.trusted_proxy_header = *header;
       }},
      whole<unsigned>("AUTHLENS_CLIENT_IPV6_PREFIX", "64",
                      "IPv6 clients are keyed on this prefix for every per-client limit (48-128)",
                      48, 128, into<&Config::client_ipv6_prefix>, at_most(64u)),
      {"AUTHLENS_ADMIN_TOKEN", "(unset)",
       "bearer token the admin listener requires for /debug/* (and /metrics with "
       "AUTHLENS_METRICS_REQUIRE_TOKEN); at least 16 characters",
       "production: required when AUTHLENS_ADMIN_ADDR is not a loopback address",
       [](const Input& in, Config& c) {
         if (in.given) {
           if (in.text.size() < kMinAdminToken)
             throw ConfigError(in.name, "must be at least " + std::to_string(kMinAdminToken) +
                                            " characters (e.g. openssl rand -hex 32)");
           c.admin_token = in.text;
         } else if (in.production && !is_loopback(c.admin_addr)) {
           throw ConfigError(in.name, "is required in production when AUTHLENS_ADMIN_ADDR (" +
                                          c.admin_addr.host + ") is not a loopback address");
         }
       }},
      on_off("AUTHLENS_METRICS_REQUIRE_TOKEN", "off",
             "on: /metrics needs AUTHLENS_ADMIN_TOKEN too (give Prometheus the token)",
             into<&Config::metrics_need_token>),
      whole<long>("AUTHLENS_WRITE_PROBE_MS", "5000",
                  "how often a tiny write checks that the database takes writes (every second "
                  "while not)",
                  100, 3600000, into<&Config::write_probe_interval>),
      text("AUTHLENS_READY_FILE", "(unset)",
           "file written with the bound addresses once both listeners listen (ports may be 0)",
           into<&Config::ready_file>),
      whole<long>("AUTHLENS_HEADER_TIMEOUT_S", "10", "time allowed to send one request", 1, 3600,
                  into<&Config::header_timeout>),
      whole<long>("AUTHLENS_IDLE_TIMEOUT_S", "60", "keep-alive idle time", 1, 3600,
                  into<&Config::idle_timeout>),
      whole<long>("AUTHLENS_SHUTDOWN_TIMEOUT_S", "10",
                  "on SIGTERM, how long in-flight requests may finish", 0, 3600,
                  into<&Config::shutdown_timeout>),
      // Passkeys: the relying party (README "Passkeys and the pages").
      {"AUTHLENS_WEBAUTHN_RP_ID", "localhost",
       "the WebAuthn relying party id: the pages' host or a registrable domain above it", "",
       [](const Input& in, Config& c) {
         if (in.text.empty() || in.text.find_first_of(":/ ") != std::string::npos)
           throw ConfigError(in.name, "'" + in.text + "' must be a host name (no scheme or port)");
         c.account.webauthn_rp_id = in.text;
       }},
      text("AUTHLENS_WEBAUTHN_RP_NAME", "authlens", "the name authenticators show for the service",
           into_account<&AccountSettings::webauthn_rp_name>),
      {"AUTHLENS_WEBAUTHN_ORIGINS", "(http://localhost:<the public listener's port>)",
       "comma list of the exact origins the pages are served from (scheme://host[:port]), each "
       "on the relying party id's domain; unset: the public listener's own origin on localhost",
       "production: https only (http only for localhost)",
       [](const Input& in, Config& c) {
         if (!in.given) {
           if (c.account.webauthn_rp_id != "localhost")
             throw ConfigError(in.name, "is required when AUTHLENS_WEBAUTHN_RP_ID is not localhost");
           // The port the listener binds (it may be 0 until then): application.cpp sets it.
           c.webauthn_origins_follow_listener = true;
           c.account.webauthn_origins = {"http://localhost:" + std::to_string(c.http_addr.port)};
           return;
         }
         c.account.webauthn_origins = parse_origins(in, c.account.webauthn_rp_id);
       }},
      // The database's bounded waits and the drain (README "The store's timeouts", "Shutdown").
      whole<long>("AUTHLENS_STORE_TIMEOUT_MS", "3000",
                  "the longest a request waits for the database, counted from its arrival; past "
                  "it the answer is 503 unavailable with Retry-After",
                  100, 600000, into<&Config::store_timeout>, at_most(30000L)),
      whole<long>("AUTHLENS_PG_CONNECT_TIMEOUT_MS", "2000",
                  "PostgreSQL: opening a connection, at most (and never past the request's "
                  "deadline)",
                  100, 600000, into<&Config::pg_connect_timeout>),
      below_store_timeout("AUTHLENS_PG_STATEMENT_TIMEOUT_MS", "(5/6 of the store timeout: 2500)",
                          "PostgreSQL statement_timeout, below the store timeout: the server "
                          "cancels a slow statement and the connection is kept",
                          5, 6, &Config::pg_statement_timeout),
      below_store_timeout("AUTHLENS_PG_LOCK_TIMEOUT_MS", "(2/3 of the store timeout: 2000)",
                          "PostgreSQL lock_timeout, below the store timeout", 2, 3,
                          &Config::pg_lock_timeout),
      whole<long>("AUTHLENS_PG_KEEPALIVE_IDLE_S", "5",
                  "PostgreSQL over TCP: keepalive probes after this much silence (then every 2 s, "
                  "3 at most)",
                  1, 3600, into<&Config::pg_keepalive_idle>),
      whole<long>("AUTHLENS_PG_TCP_USER_TIMEOUT_MS", "5000",
                  "PostgreSQL over TCP: data unacknowledged this long ends the connection (0: the "
                  "system's)",
                  0, 3600000, into<&Config::pg_tcp_user_timeout>),
      whole<long>("AUTHLENS_DRAIN_GRACE_MS", "2000",
                  "on SIGTERM, how long /readyz answers 503 while requests are still served "
                  "(answers say Connection: close), before the listeners close",
                  0, 600000, into<&Config::drain_grace>),
      documented("OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES", "authlens",
                 "resource of every span"),
      documented("OTEL_TRACES_EXPORTER", "otlp", "otlp, console, none (comma list)"),
      documented("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318",
                 "OTLP/HTTP base URL (/v1/traces is added)"),
      documented("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "(unset)", "full OTLP/HTTP traces URL"),
      documented("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "http/protobuf or http/json"),
      documented(
          "OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT, OTEL_EXPORTER_OTLP_COMPRESSION",
          "-, 10000, none", "as the OTel SDK spec says"),
      documented("OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG", "parentbased_always_on",
                 "sampler"),
      documented("OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_MAX_QUEUE_SIZE, "
                 "OTEL_BSP_MAX_EXPORT_BATCH_SIZE, OTEL_BSP_EXPORT_TIMEOUT",
                 "5000, 2048, 512, 30000", "batch span processor"),
      documented("OTEL_SDK_DISABLED", "false", "true switches tracing off entirely"),
  };
  return kRows;
}

bool is_unset(std::string_view text) { return text.empty() || text.front() == '('; }

Input input_for(const Row& row, const SettingsSource& source, bool production) {
  auto value = source.get(row.name);
  if (value && !value->empty()) return {row.name, *value, true, production};
  return {row.name, is_unset(row.default_value) ? std::string() : std::string(row.default_value),
          false, production};
}

}  // namespace

std::vector<SettingDoc> setting_docs() {
  std::vector<SettingDoc> docs;
  for (const auto& row : rows())
    docs.push_back({row.name, row.default_value, row.meaning, row.production.c_str()});
  return docs;
}

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

// AUTHLENS_ENV first (every other row's production bound depends on it), then each row in
// table order (a row may read what an earlier one stored: TEST_CODE reads TEST_EMAIL).
Config load_config(const SettingsSource& source) {
  Config c;
  const auto& table = rows();
  const auto env = std::find_if(table.begin(), table.end(), [](const Row& row) {
    return std::string_view(row.name) == "AUTHLENS_ENV";
  });
  env->apply(input_for(*env, source, false), c);
  for (const auto& row : table)
    if (row.apply && &row != &*env) row.apply(input_for(row, source, c.production), c);
  return c;
}

}  // namespace authlens::app
