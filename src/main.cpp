// authlens: an account service you can see into. Parses the command line and settings, then hands
// over to the wiring in app/.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>

#include "app/application.hpp"
#include "app/config.hpp"
#include "store/store.hpp"
#include "telemetry/config_error.hpp"

namespace {

void print_help() {
  std::printf(
      "authlens %s — account service with built-in tracing, metrics and logs\n\n"
      "usage: authlens [--help | --version]\n\n"
      "Settings come from the environment, then from .env in the working directory\n"
      "(the environment wins):\n\n",
      AUTHLENS_VERSION);
  for (const auto& setting : authlens::app::setting_docs()) {
    std::printf("  %s\n      default: %s\n      %s\n", setting.name, setting.default_value,
                setting.meaning);
    if (*setting.production != '\0') std::printf("      %s\n", setting.production);
  }
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      print_help();
      return 0;
    }
    if (std::strcmp(argv[i], "--version") == 0) {
      std::printf("authlens %s\n", AUTHLENS_VERSION);
      return 0;
    }
    std::fprintf(stderr, "authlens: unknown argument '%s' (try --help)\n", argv[i]);
    return 2;
  }
  // A peer closing a socket must be an error code, not a signal that kills the process.
  std::signal(SIGPIPE, SIG_IGN);
  // libcurl is initialised by its first user (SMTP mailer, OTLP exporter): thread-safe since
  // 7.84, and a service with neither (dev mailer, no export) never loads OpenSSL's state,
  // about 3 MiB of resident memory.
  const auto source = authlens::app::SettingsSource::from_process();
  authlens::app::Config config;
  try {
    config = authlens::app::load_config(source);
  } catch (const authlens::app::ConfigError& error) {
    std::fprintf(stderr, "authlens: bad configuration: %s\n", error.what());
    return 2;
  }
  try {
    return authlens::app::run_service(config, source);
  } catch (const authlens::app::ConfigError& error) {  // ours and the tracing SDK's
    std::fprintf(stderr, "authlens: bad configuration: %s\n", error.what());
    return 2;
  } catch (const authlens::store::UnwritableDatabase& error) {
    std::fprintf(stderr, "authlens: bad configuration: AUTHLENS_DATABASE_URL: %s\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "authlens: cannot start: %s\n", error.what());
    return 1;
  }
}
