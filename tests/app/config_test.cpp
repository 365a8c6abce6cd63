#include "app/config.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "account/strategies/password/password_hasher.hpp"

namespace authlens::app {
namespace {

Config load(std::map<std::string, std::string, std::less<>> values) {
  return load_config(SettingsSource::from_map(std::move(values)));
}

std::string error_of(std::map<std::string, std::string, std::less<>> values) {
  try {
    load(std::move(values));
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(Config, DefaultsMatchTheContract) {
  const auto c = load({});
  EXPECT_EQ(c.http_addr.host, "127.0.0.1");
  EXPECT_EQ(c.http_addr.port, 8001);
  EXPECT_EQ(c.admin_addr.port, 8000);
  EXPECT_EQ(c.database_url, "sqlite://var/authlens.db");
  EXPECT_FALSE(c.production);
  EXPECT_FALSE(c.smtp_url.has_value());
  EXPECT_EQ(c.log_level, "info");
  EXPECT_EQ(c.log_format, "json");
  EXPECT_TRUE(c.metrics_on);
  EXPECT_TRUE(c.logs_on);
  EXPECT_EQ(c.account.token_ttl_s, 86400);
  EXPECT_EQ(c.account.code_ttl_s, 600);
  EXPECT_EQ(c.account.mail_cooldown_s, 60);
  EXPECT_EQ(c.account.mail_budget_per_client, 20);
  EXPECT_EQ(c.password_min_length, 15u);
  EXPECT_EQ(c.account.max_login_failures_per_address, 5);
  EXPECT_EQ(c.account.max_login_failures_per_client, 20);
  EXPECT_EQ(c.account.max_code_failures_per_address, 10);
  EXPECT_EQ(c.account.max_code_failures_per_client, 20);
  EXPECT_FALSE(c.hibp_url.has_value());
  EXPECT_EQ(c.argon2_opslimit, 2u);
  EXPECT_EQ(c.argon2_memlimit, 64u << 20);
}

TEST(Config, EveryDefaultIsTheOneHelpPrints) {
  // The defaults live once, in the table --help prints; Argon2's must stay libsodium's
  // INTERACTIVE, the documented default.
  const auto c = load({});
  const auto interactive = account::Argon2Params::interactive();
  EXPECT_EQ(c.argon2_opslimit, interactive.opslimit);
  EXPECT_EQ(c.argon2_memlimit, interactive.memlimit);
  for (const auto& row : setting_docs()) {
    const std::string name = row.name;
    if (name.rfind("OTEL_", 0) == 0) continue;  // the tracing SDK reads those itself
    EXPECT_EQ(name.find(','), std::string::npos) << "one variable per row: " << name;
  }
  EXPECT_EQ(c.io_threads, std::max(1u, std::thread::hardware_concurrency()));
}

TEST(Config, BadValuesNameTheVariable) {
  EXPECT_EQ(error_of({{"AUTHLENS_HTTP_ADDR", "nonsense"}}).rfind("AUTHLENS_HTTP_ADDR:", 0), 0u);
  EXPECT_EQ(error_of({{"AUTHLENS_ADMIN_ADDR", "127.0.0.1:99999"}}).rfind("AUTHLENS_ADMIN_ADDR:", 0),
            0u);
  EXPECT_EQ(error_of({{"AUTHLENS_LOG_FORMAT", "xml"}}).rfind("AUTHLENS_LOG_FORMAT:", 0), 0u);
  EXPECT_EQ(error_of({{"AUTHLENS_METRICS", "maybe"}}).rfind("AUTHLENS_METRICS:", 0), 0u);
  EXPECT_EQ(error_of({{"AUTHLENS_TOKEN_TTL", "12x"}}).rfind("AUTHLENS_TOKEN_TTL:", 0), 0u);
  EXPECT_EQ(error_of({{"AUTHLENS_DATABASE_URL", "mysql://x"}}).rfind("AUTHLENS_DATABASE_URL:", 0),
            0u);
  EXPECT_EQ(error_of({{"SMTP_URL", "http://x"}}).rfind("SMTP_URL:", 0), 0u);
  EXPECT_EQ(
      error_of({{"AUTHLENS_PASSWORD_MIN_LENGTH", "7"}}).rfind("AUTHLENS_PASSWORD_MIN_LENGTH:", 0),
      0u);
  EXPECT_EQ(
      error_of({{"AUTHLENS_PASSWORD_MIN_LENGTH", "65"}}).rfind("AUTHLENS_PASSWORD_MIN_LENGTH:", 0),
      0u);
  EXPECT_EQ(error_of({{"AUTHLENS_HIBP_URL", "ftp://x"}}).rfind("AUTHLENS_HIBP_URL:", 0), 0u);
  EXPECT_EQ(
      error_of({{"AUTHLENS_MAIL_BUDGET_PER_HOUR", "0"}}).rfind("AUTHLENS_MAIL_BUDGET_PER_HOUR:", 0),
      0u);
  EXPECT_EQ(error_of({{"TEST_EMAIL", "a@example.com"}, {"TEST_CODE", "12"}}).rfind("TEST_CODE:", 0),
            0u);
}

TEST(Config, ProductionRefusesUnsafeSettings) {
  EXPECT_EQ(error_of({{"AUTHLENS_ENV", "production"}}).rfind("SMTP_URL:", 0), 0u);
  EXPECT_EQ(error_of({{"AUTHLENS_ENV", "production"},
                      {"SMTP_URL", "smtp://mail:25"},
                      {"TEST_EMAIL", "a@example.com"},
                      {"TEST_CODE", "123456"}})
                .rfind("TEST_CODE:", 0),
            0u);
  EXPECT_TRUE(load({{"AUTHLENS_ENV", "production"}, {"SMTP_URL", "smtps://mail:465"}}).production);
}

TEST(Config, TestCodeOutsideProductionIsNormalised) {
  const auto c = load({{"TEST_EMAIL", " T@Example.COM"}, {"TEST_CODE", "123456"}});
  EXPECT_EQ(c.account.test_email, "t@example.com");
  EXPECT_EQ(c.account.test_code, "123456");
}

TEST(Dotenv, ParsesCommentsQuotesAndExport) {
  const auto values = parse_dotenv(
      "# comment\nSMTP_URL=smtp://x:25 # trailing\nexport SENDER_EMAIL='me@x.org'\n"
      "SENDER_PASSWORD=\"p\\\"w\"\nBROKEN LINE\n=novalue\n");
  EXPECT_EQ(values.at("SMTP_URL"), "smtp://x:25");
  EXPECT_EQ(values.at("SENDER_EMAIL"), "me@x.org");
  EXPECT_EQ(values.at("SENDER_PASSWORD"), "p\"w");
  EXPECT_EQ(values.size(), 3u);
}

TEST(Config, ThrottleKnobsAreForTestsOnly) {
  const auto c = load({{"AUTHLENS_LOGIN_FAILURES_PER_CLIENT", "100000"},
                       {"AUTHLENS_CODE_FAILURES_PER_ADDRESS", "7"}});
  EXPECT_EQ(c.account.max_login_failures_per_client, 100000);
  EXPECT_EQ(c.account.max_code_failures_per_address, 7);
  EXPECT_NE(error_of({{"AUTHLENS_LOGIN_FAILURES_PER_ADDRESS", "0"}}), "");
  const auto refused = error_of({{"AUTHLENS_ENV", "production"},
                                 {"SMTP_URL", "smtp://127.0.0.1:25"},
                                 {"AUTHLENS_CODE_FAILURES_PER_CLIENT", "1000"}});
  EXPECT_NE(refused.find("AUTHLENS_CODE_FAILURES_PER_CLIENT"), std::string::npos) << refused;
}

// Production's bounds: settings that would switch the anti-automation off are refused, each
// naming its variable; the same values pass outside production.
TEST(Config, ProductionRefusesSettingsOutsideTheirBounds) {
  const std::map<std::string, std::string, std::less<>> production = {
      {"AUTHLENS_ENV", "production"}, {"SMTP_URL", "smtp://mail:25"}};
  const std::vector<std::pair<std::string, std::string>> unsafe = {
      {"AUTHLENS_RESEND_COOLDOWN_S", "0"},
      {"AUTHLENS_RESEND_COOLDOWN_S", "29"},
      {"AUTHLENS_MAIL_BUDGET_PER_HOUR", "1000000"},
      {"AUTHLENS_MAX_CONNECTIONS_PER_CLIENT", "100000"},
      {"AUTHLENS_TRUSTED_PROXIES", "0.0.0.0/0"},
      {"AUTHLENS_TRUSTED_PROXIES", "10.0.0.0/8, ::/0"},
      {"AUTHLENS_TRUSTED_PROXIES", "10.0.0.0/7"},
      {"AUTHLENS_TOKEN_TTL", std::to_string(366 * 86400)},
      {"AUTHLENS_PASSWORD_MIN_LENGTH", "8"},
      {"AUTHLENS_CLIENT_IPV6_PREFIX", "128"},
      {"AUTHLENS_ARGON2_MEMLIMIT", "8192"},
  };
  for (const auto& [name, value] : unsafe) {
    auto settings = production;
    settings[name] = value;
    const auto error = error_of(settings);
    EXPECT_EQ(error.rfind(name + ":", 0), 0u) << name << "=" << value << ": " << error;
    EXPECT_NO_THROW(load({{name, value}})) << name << "=" << value << " outside production";
  }
  auto at_the_bounds = production;
  at_the_bounds.insert({{"AUTHLENS_RESEND_COOLDOWN_S", "30"},
                        {"AUTHLENS_MAIL_BUDGET_PER_HOUR", "100"},
                        {"AUTHLENS_MAX_CONNECTIONS_PER_CLIENT", "256"},
                        {"AUTHLENS_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32"},
                        {"AUTHLENS_TOKEN_TTL", std::to_string(30 * 86400)},
                        {"AUTHLENS_CLIENT_IPV6_PREFIX", "56"}});
  EXPECT_NO_THROW(load(at_the_bounds));
}

TEST(Config, ProductionNeedsATokenForAnAdminListenerOffLoopback) {
  const std::map<std::string, std::string, std::less<>> production = {
      {"AUTHLENS_ENV", "production"}, {"SMTP_URL", "smtp://mail:25"}};
  auto exposed = production;
  exposed["AUTHLENS_ADMIN_ADDR"] = "0.0.0.0:8000";
  const auto error = error_of(exposed);
  EXPECT_EQ(error.rfind("AUTHLENS_ADMIN_TOKEN:", 0), 0u) << error;
  EXPECT_NE(error.find("AUTHLENS_ADMIN_ADDR"), std::string::npos) << error;
  exposed["AUTHLENS_ADMIN_TOKEN"] = std::string(32, 'k');
  const auto c = load(exposed);
  EXPECT_EQ(c.admin_token, std::string(32, 'k'));
  EXPECT_FALSE(c.metrics_need_token) << "Prometheus scrapes without the token by default";
  for (const char* loopback : {"127.0.0.1:8000", "[::1]:8000", "localhost:8000"}) {
    auto local = production;
    local["AUTHLENS_ADMIN_ADDR"] = loopback;
    EXPECT_NO_THROW(load(local)) << loopback;
  }
  EXPECT_EQ(error_of({{"AUTHLENS_ADMIN_TOKEN", "short"}}).rfind("AUTHLENS_ADMIN_TOKEN:", 0), 0u);
}

TEST(Config, AccountSettingsComeStraightFromTheRows) {
  const auto c = load({{"AUTHLENS_RESEND_COOLDOWN_S", "5"},
                       {"AUTHLENS_MAIL_BUDGET_PER_HOUR", "7"},
                       {"AUTHLENS_CODE_TTL", "120"},
                       {"AUTHLENS_TOKEN_TTL", "3600"}});
  EXPECT_EQ(c.account.mail_cooldown_s, 5);
  EXPECT_EQ(c.account.mail_budget_per_client, 7);
  EXPECT_EQ(c.account.code_ttl_s, 120);
  EXPECT_EQ(c.account.token_ttl_s, 3600);
}

TEST(Config, HelpNamesEachProductionBound) {
  std::map<std::string, std::string> production;
  for (const auto& row : setting_docs()) production[row.name] = row.production;
  EXPECT_EQ(production.at("AUTHLENS_RESEND_COOLDOWN_S"), "production: at least 30");
  EXPECT_EQ(production.at("AUTHLENS_MAIL_BUDGET_PER_HOUR"), "production: at most 100");
  EXPECT_EQ(production.at("AUTHLENS_TOKEN_TTL"), "production: at most 2592000");
  EXPECT_EQ(production.at("AUTHLENS_LOGIN_FAILURES_PER_ADDRESS"), "refused in production");
  EXPECT_NE(production.at("AUTHLENS_ADMIN_TOKEN"), "");
  EXPECT_EQ(production.at("AUTHLENS_LOG_LEVEL"), "");
}

}  // namespace
}  // namespace authlens::app

namespace authlens::app {
namespace {

TEST(Config, WebAuthnOriginsAreExactAndOnTheRelyingPartysDomain) {
  const auto defaults = load({});
  EXPECT_EQ(defaults.account.webauthn_rp_id, "localhost");
  EXPECT_EQ(defaults.account.webauthn_origins, std::vector<std::string>{"http://localhost:8001"});
  const auto c =
      load({{"AUTHLENS_WEBAUTHN_RP_ID", "example.com"},
            {"AUTHLENS_WEBAUTHN_ORIGINS", "https://id.example.com, https://example.com:8443"}});
  EXPECT_EQ(c.account.webauthn_origins,
            (std::vector<std::string>{"https://id.example.com", "https://example.com:8443"}));
  for (const char* bad : {"https://evil-example.com", "https://example.com.evil.test",
                          "https://id.example.com/path", "ftp://example.com", "example.com"}) {
    EXPECT_EQ(
        error_of({{"AUTHLENS_WEBAUTHN_RP_ID", "example.com"}, {"AUTHLENS_WEBAUTHN_ORIGINS", bad}})
            .rfind("AUTHLENS_WEBAUTHN_ORIGINS:", 0),
        0u)
        << bad;
  }
  EXPECT_TRUE(defaults.webauthn_origins_follow_listener) << "port 0 then means the bound port";
  EXPECT_EQ(
      error_of({{"AUTHLENS_WEBAUTHN_RP_ID", "example.com"}}).rfind("AUTHLENS_WEBAUTHN_ORIGINS:", 0),
      0u)
      << "another RP ID needs its origins named";
  EXPECT_EQ(error_of({{"AUTHLENS_WEBAUTHN_RP_ID", "https://example.com"}})
                .rfind("AUTHLENS_WEBAUTHN_RP_ID:", 0),
            0u);
}

TEST(Config, ProductionWantsHttpsOriginsButForLocalhost) {
  const std::map<std::string, std::string, std::less<>> production = {
      {"AUTHLENS_ENV", "production"}, {"SMTP_URL", "smtp://mail:25"}};
  auto plain = production;
  plain["AUTHLENS_WEBAUTHN_RP_ID"] = "example.com";
  plain["AUTHLENS_WEBAUTHN_ORIGINS"] = "http://example.com";
  EXPECT_EQ(error_of(plain).rfind("AUTHLENS_WEBAUTHN_ORIGINS:", 0), 0u);
  plain["AUTHLENS_WEBAUTHN_ORIGINS"] = "https://example.com";
  EXPECT_EQ(error_of(plain), "");
  EXPECT_EQ(error_of(production), "") << "http://localhost stays allowed";
}

}  // namespace
}  // namespace authlens::app
