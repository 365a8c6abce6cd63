#pragma once
// A bad setting: the variable and why. The tracing SDK throws it for OTEL_* settings
// (make_tracer_provider_from_env), the app for its own (app::ConfigError is this type); main
// prints what() and exits 2.
#include <stdexcept>
#include <string>

namespace authlens::telemetry {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string variable, const std::string& reason)
      : std::runtime_error(variable + ": " + reason), variable_(std::move(variable)) {}
  const std::string& variable() const noexcept { return variable_; }

 private:
  std::string variable_;
};

}  // namespace authlens::telemetry

namespace authlens::trace {
using telemetry::ConfigError;  // the SDK's settings fail the same way
}
