#pragma once
// The frame every viewer page shares: head, inline stylesheet (no build step, no assets).
#include <string>
#include <string_view>

namespace authlens::viewer {

// `title` is escaped here; `body` must already be safe HTML.
std::string html_page(std::string_view title, std::string_view body);

}  // namespace authlens::viewer
