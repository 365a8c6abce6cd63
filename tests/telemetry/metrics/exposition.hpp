#pragma once
// Reads sample values back out of a Prometheus text exposition.
#include <optional>
#include <sstream>
#include <string>

namespace authlens::metrics::testing {

// The value of the sample written exactly as `series` (name plus labels as prometheus-cpp
// orders them: by label name, `le` last), or nullopt when absent.
inline std::optional<double> sample(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ')
      return std::stod(line.substr(series.size() + 1));
  return std::nullopt;
}

inline bool has_family(const std::string& text, const std::string& name, const std::string& type) {
  return text.find("# TYPE " + name + " " + type + "\n") != std::string::npos &&
         text.find("# HELP " + name + " ") != std::string::npos;
}

}  // namespace authlens::metrics::testing
