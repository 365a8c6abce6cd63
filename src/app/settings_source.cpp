#include "app/settings_source.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace authlens::app {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::string unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'')
    return std::string(value.substr(1, value.size() - 2));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
      if (value[i] == '\\' && i + 2 < value.size()) {
        const char next = value[++i];
        out += next == 'n' ? '\n' : next;
      } else {
        out += value[i];
      }
    }
    return out;
  }
  // Unquoted: a ` #` starts a comment.
  const auto comment = value.find(" #");
  return std::string(trim(value.substr(0, comment)));
}

}  // namespace

std::map<std::string, std::string, std::less<>> parse_dotenv(std::string_view text) {
  std::map<std::string, std::string, std::less<>> values;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    if (line.substr(0, 7) == "export ") line = trim(line.substr(7));
    const auto eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    const auto key = trim(line.substr(0, eq));
    values[std::string(key)] = unquote(trim(line.substr(eq + 1)));
  }
  return values;
}

SettingsSource SettingsSource::from_process(const std::string& dotenv_path) {
  SettingsSource source;
  source.use_environment_ = true;
  std::ifstream file(dotenv_path);
  if (file) {
    std::stringstream text;
    text << file.rdbuf();
    source.dotenv_ = parse_dotenv(text.str());
  }
  return source;
}

SettingsSource SettingsSource::from_map(std::map<std::string, std::string, std::less<>> values) {
  SettingsSource source;
  source.dotenv_ = std::move(values);
  return source;
}

std::optional<std::string> SettingsSource::get(std::string_view name) const {
  if (use_environment_) {
    if (const char* value = std::getenv(std::string(name).c_str())) return std::string(value);
  }
  if (auto it = dotenv_.find(name); it != dotenv_.end()) return it->second;
  return std::nullopt;
}

}  // namespace authlens::app
