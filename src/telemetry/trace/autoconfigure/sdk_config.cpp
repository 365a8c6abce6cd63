#include "telemetry/trace/autoconfigure/sdk_config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "telemetry/config_error.hpp"

namespace authlens::trace {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// The variable's value when set and not empty (the spec treats empty as unset).
std::optional<std::string> value_of(const Getenv& getenv, std::string_view name) {
  auto v = getenv(name);
  if (!v) return std::nullopt;
  std::string t = trimmed(*v);
  if (t.empty()) return std::nullopt;
  return t;
}

// The signal-specific variable wins over the general one.
std::optional<std::string> specific_or_general(const Getenv& getenv, std::string_view specific,
                                               std::string_view general, std::string* used) {
  if (auto v = value_of(getenv, specific)) {
    *used = std::string(specific);
    return v;
  }
  *used = std::string(general);
  return value_of(getenv, general);
}

std::uint64_t parse_non_negative(const std::string& text, const std::string& variable) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    throw ConfigError(variable, "expected a non-negative integer, got '" + text + "'");
  return value;
}

void read_exporters(const Getenv& getenv, SdkConfig& config) {
  auto v = value_of(getenv, "OTEL_TRACES_EXPORTER");
  if (!v) return;
  config.exporters.clear();
  std::string_view rest = *v;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string name = lower(trimmed(rest.substr(0, comma)));
    if (name == "otlp") {
      config.exporters.push_back(ExporterKind::kOtlp);
    } else if (name == "console") {
      config.exporters.push_back(ExporterKind::kConsole);
    } else if (name != "none") {
      throw ConfigError("OTEL_TRACES_EXPORTER",
                        "unsupported exporter '" + name + "' (otlp, console, none)");
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
}

void read_sampler(const Getenv& getenv, SdkConfig& config) {
  if (auto v = value_of(getenv, "OTEL_TRACES_SAMPLER")) {
    const std::string name = lower(*v);
    if (name == "always_on")
      config.sampler = SamplerKind::kAlwaysOn;
    else if (name == "always_off")
      config.sampler = SamplerKind::kAlwaysOff;
    else if (name == "traceidratio")
      config.sampler = SamplerKind::kTraceIdRatio;
    else if (name == "parentbased_always_on")
      config.sampler = SamplerKind::kParentBasedAlwaysOn;
    else if (name == "parentbased_always_off")
      config.sampler = SamplerKind::kParentBasedAlwaysOff;
    else if (name == "parentbased_traceidratio")
      config.sampler = SamplerKind::kParentBasedTraceIdRatio;
    else if (name == "authlens_tail")
      config.sampler = SamplerKind::kAuthlensTail;
    else
      throw ConfigError("OTEL_TRACES_SAMPLER", "unsupported sampler '" + *v + "'");
  }
  const bool uses_ratio = config.sampler == SamplerKind::kTraceIdRatio ||
                          config.sampler == SamplerKind::kParentBasedTraceIdRatio;
  if (auto arg = value_of(getenv, "OTEL_TRACES_SAMPLER_ARG"); arg && uses_ratio) {
    char* end = nullptr;
    const double ratio = std::strtod(arg->c_str(), &end);
    if (end != arg->c_str() + arg->size() || !(ratio >= 0.0 && ratio <= 1.0))
      throw ConfigError("OTEL_TRACES_SAMPLER_ARG",
                        "expected a number in [0, 1], got '" + *arg + "'");
    config.sampler_ratio = ratio;
  }
}

void read_tail(const Getenv& getenv, TailSamplingOptions& tail) {
  if (auto v = value_of(getenv, "AUTHLENS_TAIL_SAMPLE_RATIO")) {
    char* end = nullptr;
    const double ratio = std::strtod(v->c_str(), &end);
    if (end != v->c_str() + v->size() || !(ratio >= 0.0 && ratio <= 1.0))
      throw ConfigError("AUTHLENS_TAIL_SAMPLE_RATIO",
                        "expected a number in [0, 1], got '" + *v + "'");
    tail.ratio = ratio;
  }
  if (auto v = value_of(getenv, "AUTHLENS_TAIL_LATENCY_MS"))
    tail.latency = std::chrono::milliseconds(parse_non_negative(*v, "AUTHLENS_TAIL_LATENCY_MS"));
}

void read_batch(const Getenv& getenv, BatchOptions& batch) {
  auto read = [&](const char* name, auto apply) {
    if (auto v = value_of(getenv, name)) apply(parse_non_negative(*v, name));
  };
  read("OTEL_BSP_MAX_QUEUE_SIZE", [&](std::uint64_t n) { batch.max_queue_size = n; });
  read("OTEL_BSP_SCHEDULE_DELAY",
       [&](std::uint64_t n) { batch.schedule_delay = std::chrono::milliseconds(n); });
  read("OTEL_BSP_EXPORT_TIMEOUT",
       [&](std::uint64_t n) { batch.export_timeout = std::chrono::milliseconds(n); });
  read("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", [&](std::uint64_t n) { batch.max_export_batch_size = n; });
  if (batch.max_queue_size == 0) throw ConfigError("OTEL_BSP_MAX_QUEUE_SIZE", "must be positive");
  if (batch.max_export_batch_size == 0)
    throw ConfigError("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "must be positive");
  if (batch.max_export_batch_size > batch.max_queue_size)
    throw ConfigError("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "must not exceed OTEL_BSP_MAX_QUEUE_SIZE");
}

bool is_http_url(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

}  // namespace

OtlpHttpOptions read_otlp_http_options(const Getenv& getenv, OtlpSignal signal) {
  const std::string upper = signal == OtlpSignal::kTraces ? "TRACES"
                            : signal == OtlpSignal::kLogs ? "LOGS"
                                                          : "METRICS";
  const std::string path = signal == OtlpSignal::kTraces ? "v1/traces"
                           : signal == OtlpSignal::kLogs ? "v1/logs"
                                                         : "v1/metrics";
  const auto specific = [&](const char* what) {
    return "OTEL_EXPORTER_OTLP_" + upper + "_" + what;
  };
  OtlpHttpOptions otlp;
  otlp.url = "http://localhost:4318/" + path;
  std::string used;
  if (auto v = value_of(getenv, specific("ENDPOINT"))) {
    if (!is_http_url(*v)) throw ConfigError(specific("ENDPOINT"), "expected an http(s):// URL");
    otlp.url = *v;  // used as is, per the spec
  } else if (auto base = value_of(getenv, "OTEL_EXPORTER_OTLP_ENDPOINT")) {
    if (!is_http_url(*base))
      throw ConfigError("OTEL_EXPORTER_OTLP_ENDPOINT", "expected an http(s):// URL");
    otlp.url = *base + (base->back() == '/' ? "" : "/") + path;
  }

  if (auto v =
          specific_or_general(getenv, specific("PROTOCOL"), "OTEL_EXPORTER_OTLP_PROTOCOL", &used)) {
    if (*v == "http/protobuf")
      otlp.protocol = OtlpProtocol::kHttpProtobuf;
    else if (*v == "http/json")
      otlp.protocol = OtlpProtocol::kHttpJson;
    else
      throw ConfigError(used, "unsupported protocol '" + *v + "' (http/protobuf, http/json)");
  }

  // General headers first, then the signal's own override by key.
  for (const std::string& name : {std::string("OTEL_EXPORTER_OTLP_HEADERS"), specific("HEADERS")}) {
    if (auto v = value_of(getenv, name)) {
      auto list = parse_key_value_list(*v);
      if (!list) throw ConfigError(name, "expected key=value,key=value");  // value not echoed
      for (auto& [key, value] : *list) {
        auto it = std::find_if(otlp.headers.begin(), otlp.headers.end(),
                               [&](const auto& h) { return lower(h.first) == lower(key); });
        if (it != otlp.headers.end())
          it->second = std::move(value);
        else
          otlp.headers.emplace_back(std::move(key), std::move(value));
      }
    }
  }

  if (auto v = specific_or_general(getenv, specific("COMPRESSION"),
                                   "OTEL_EXPORTER_OTLP_COMPRESSION", &used)) {
    const std::string c = lower(*v);
    if (c == "gzip")
      otlp.gzip = true;
    else if (c == "none")
      otlp.gzip = false;
    else
      throw ConfigError(used, "unsupported compression '" + *v + "' (gzip, none)");
  }

  if (auto v =
          specific_or_general(getenv, specific("TIMEOUT"), "OTEL_EXPORTER_OTLP_TIMEOUT", &used)) {
    otlp.timeout = std::chrono::milliseconds(parse_non_negative(*v, used));
  }
  return otlp;
}

std::optional<std::string> read_env(const Getenv& getenv, std::string_view name) {
  return value_of(getenv, name);
}

std::optional<std::uint64_t> read_env_count(const Getenv& getenv, std::string_view name) {
  if (auto v = value_of(getenv, name)) return parse_non_negative(*v, std::string(name));
  return std::nullopt;
}

std::vector<std::string> read_exporter_list(const Getenv& getenv, std::string_view variable,
                                            std::initializer_list<std::string_view> known,
                                            std::vector<std::string> unset) {
  auto v = value_of(getenv, variable);
  if (!v) return unset;
  std::vector<std::string> names;
  std::string_view rest = *v;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string name = lower(trimmed(rest.substr(0, comma)));
    if (name != "none") {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string list;
        for (auto k : known) list.append(k).append(", ");
        throw ConfigError(std::string(variable),
                          "unsupported exporter '" + name + "' (" + list + "none)");
      }
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return names;
}

SdkConfig read_sdk_config(const Getenv& getenv) {
  SdkConfig config;
  // Spec: only a case-insensitive "true" disables; anything else means enabled.
  if (auto v = value_of(getenv, "OTEL_SDK_DISABLED")) config.disabled = lower(*v) == "true";
  if (config.disabled) return config;
  read_exporters(getenv, config);
  read_sampler(getenv, config);
  if (config.sampler == SamplerKind::kAuthlensTail) read_tail(getenv, config.tail);
  read_batch(getenv, config.batch);
  config.otlp = read_otlp_http_options(getenv, OtlpSignal::kTraces);
  return config;
}

}  // namespace authlens::trace
