#pragma once
// Who produces the spans: the OTLP Resource and InstrumentationScope.
#include <string>
#include <string_view>

#include "telemetry/trace/api/attributes.hpp"
#include "telemetry/trace/sdk/getenv.hpp"

namespace authlens::trace {

struct Resource {
  Attributes attributes;
  std::string_view service_name() const noexcept;
};

struct InstrumentationScope {
  std::string name = "authlens";
  std::string version;
};

inline constexpr std::string_view kSdkName = "authlens";
inline constexpr std::string_view kSdkVersion = "0.1.0";
inline constexpr std::string_view kDefaultServiceName = "authlens";

// service.name: OTEL_SERVICE_NAME, else OTEL_RESOURCE_ATTRIBUTES' service.name, else "authlens";
// plus service.version, telemetry.sdk.* and every OTEL_RESOURCE_ATTRIBUTES entry.
// Throws ConfigError when OTEL_RESOURCE_ATTRIBUTES is malformed.
Resource make_resource_from_env(const Getenv& getenv, std::string_view service_version);

}  // namespace authlens::trace
