#pragma once
// Appends `text` as a JSON string literal (quotes included), valid UTF-8 guaranteed.
#include <string>
#include <string_view>

namespace authlens::trace {

void append_json_string(std::string& out, std::string_view text);

}  // namespace authlens::trace
