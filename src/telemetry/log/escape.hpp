#pragma once
// Escaping of untrusted text into log lines: one entry must stay one line, and the JSON must
// stay valid whatever bytes a caller (or an attacker, through a header) hands us.
#include <string>
#include <string_view>

namespace authlens::log {

// Appends `text` as a JSON string body (no surrounding quotes): quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD.
void append_json_escaped(std::string& out, std::string_view text);

// Appends `text` for the human format: like JSON but quotes are left alone, because text lines
// quote only values that need it (see append_text_value).
void append_text_escaped(std::string& out, std::string_view text);

// Appends a key=value value: bare when it is a plain token, else quoted and escaped.
void append_text_value(std::string& out, std::string_view text);

}  // namespace authlens::log
