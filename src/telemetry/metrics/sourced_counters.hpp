#pragma once
// Counters whose running totals are kept by someone else (the span processor, the logger, the
// CPU clocks) and copied in at scrape time, so those hot paths never touch prometheus-cpp.
#include <functional>
#include <map>
#include <string>
#include <utility>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/labels.h>
#include <prometheus/registry.h>

namespace authlens::metrics {

class SourcedCounters {
 public:
  explicit SourcedCounters(prometheus::Registry& registry) : registry_(registry) {}

  // Creates the series name{labels} once (value 0); help is used when the family is new
  // (empty: the name).
  void declare(const std::string& name, const std::string& help, const prometheus::Labels& labels);
  // Declares the series if needed and makes `total` its source (replacing any earlier one).
  void set_source(const std::string& name, const std::string& help,
                  const prometheus::Labels& labels, std::function<double()> total);
  // Calls every source and raises each counter to its total (a total that went down is ignored:
  // a counter never decreases).
  void refresh();

 private:
  struct Series {
    prometheus::Counter* counter = nullptr;
    std::function<double()> total;
  };
  Series& series(const std::string& name, const std::string& help,
                 const prometheus::Labels& labels);

  prometheus::Registry& registry_;
  std::map<std::string, prometheus::Family<prometheus::Counter>*> families_;
  std::map<std::pair<std::string, prometheus::Labels>, Series> series_;
};

// True for a valid Prometheus metric name ending in "_total".
bool is_counter_name(std::string_view name) noexcept;

}  // namespace authlens::metrics
