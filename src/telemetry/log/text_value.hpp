#pragma once
// Values of the human log format (AUTHLENS_LOG_FORMAT=text): key=value pairs, where a value is
// written bare when it is a plain token and quoted (and escaped as in JSON) otherwise, so one
// entry stays one line and splits back into its pairs.
#include <string>
#include <string_view>

namespace authlens::log {

void append_text_value(std::string& out, std::string_view text);

}  // namespace authlens::log
