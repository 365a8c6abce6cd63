#pragma once
// A bad OTEL_* setting. create_from_env throws it; the app prints what() and exits 2.
#include <stdexcept>
#include <string>

namespace authlens::trace {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string variable, const std::string& reason)
      : std::runtime_error(variable + ": " + reason), variable_(std::move(variable)) {}
  const std::string& variable() const noexcept { return variable_; }

 private:
  std::string variable_;
};

}  // namespace authlens::trace
