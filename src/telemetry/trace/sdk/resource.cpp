#include "telemetry/trace/sdk/resource.hpp"

#include "telemetry/config_error.hpp"
#include "telemetry/trace/sdk/key_value_list.hpp"

namespace authlens::trace {

std::string_view Resource::service_name() const noexcept {
  for (const auto& a : attributes) {
    if (a.key == "service.name") {
      if (const auto* s = std::get_if<std::string>(&a.value)) return *s;
    }
  }
  return {};
}

Resource make_resource_from_env(const Getenv& getenv, std::string_view service_version) {
  Resource resource;
  auto& attrs = resource.attributes;
  upsert_attribute(attrs, "service.name", std::string(kDefaultServiceName));
  if (!service_version.empty())
    upsert_attribute(attrs, "service.version", std::string(service_version));
  upsert_attribute(attrs, "telemetry.sdk.name", std::string(kSdkName));
  upsert_attribute(attrs, "telemetry.sdk.language", std::string("cpp"));
  upsert_attribute(attrs, "telemetry.sdk.version", std::string(kSdkVersion));

  if (auto text = getenv("OTEL_RESOURCE_ATTRIBUTES"); text && !text->empty()) {
    auto list = parse_key_value_list(*text);
    if (!list) throw ConfigError("OTEL_RESOURCE_ATTRIBUTES", "expected key=value,key=value");
    for (auto& [key, value] : *list) upsert_attribute(attrs, key, std::move(value));
  }
  if (auto name = getenv("OTEL_SERVICE_NAME"); name && !name->empty())
    upsert_attribute(attrs, "service.name", std::move(*name));
  return resource;
}

}  // namespace authlens::trace
