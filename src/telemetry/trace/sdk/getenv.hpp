#pragma once
// How configuration is read: injected, so tests and the app's .env layering decide the source.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace authlens::trace {

using Getenv = std::function<std::optional<std::string>(std::string_view)>;

}  // namespace authlens::trace
