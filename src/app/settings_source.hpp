#pragma once
// Where settings come from: the process environment first, then `.env` in the working directory.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace authlens::app {

class SettingsSource {
 public:
  // Reads `.env` from `dotenv_path` if it exists; the environment always wins over it.
  static SettingsSource from_process(const std::string& dotenv_path = ".env");
  static SettingsSource from_map(std::map<std::string, std::string, std::less<>> values);

  std::optional<std::string> get(std::string_view name) const;

 private:
  bool use_environment_ = false;
  std::map<std::string, std::string, std::less<>> dotenv_;
};

// Parses `.env` text: KEY=VALUE lines, `#` comments, optional `export `, single or double quotes
// (double quotes understand \n, \" and \\). Malformed lines are skipped.
std::map<std::string, std::string, std::less<>> parse_dotenv(std::string_view text);

}  // namespace authlens::app
