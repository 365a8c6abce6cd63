#include "telemetry/metrics/sourced_counters.hpp"

namespace authlens::metrics {

void SourcedCounters::declare(const std::string& name, const std::string& help,
                              const prometheus::Labels& labels) {
  series(name, help, labels);
}

void SourcedCounters::set_source(const std::string& name, const std::string& help,
                                 const prometheus::Labels& labels, std::function<double()> total) {
  series(name, help, labels).total = std::move(total);
}

SourcedCounters::Series& SourcedCounters::series(const std::string& name, const std::string& help,
                                                 const prometheus::Labels& labels) {
  auto key = std::make_pair(name, labels);
  if (auto it = series_.find(key); it != series_.end()) return it->second;
  auto& family = families_[name];
  if (family == nullptr)
    family = &prometheus::BuildCounter()
                  .Name(name)
                  .Help(help.empty() ? name : help)  // HELP must not be empty for promtool
                  .Register(registry_);
  Series& s = series_[std::move(key)];
  s.counter = &family->Add(labels);
  return s;
}

void SourcedCounters::refresh() {
  for (auto& [key, s] : series_) {
    if (!s.total) continue;
    const double growth = s.total() - s.counter->Value();
    if (growth > 0) s.counter->Increment(growth);
  }
}

bool is_counter_name(std::string_view name) noexcept {
  constexpr std::string_view kSuffix = "_total";
  if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    const bool ok = letter || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace authlens::metrics
