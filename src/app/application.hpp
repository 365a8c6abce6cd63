#pragma once
// The wiring: builds every part of the service in order, runs it, and takes it down cleanly.
#include "app/config.hpp"
#include "app/settings_source.hpp"

namespace authlens::app {

// Runs until SIGTERM/SIGINT; returns the process exit code.
int run_service(const Config& config, const SettingsSource& source);

}  // namespace authlens::app
