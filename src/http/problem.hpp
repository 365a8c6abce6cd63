#pragma once
// RFC 9457 problem details: {"type","title","status","detail","code"}.
#include <string_view>

#include "http/message.hpp"

namespace authlens::http {

Response problem(int status, std::string_view code, std::string_view detail,
                 int retry_after_seconds = 0);

}  // namespace authlens::http
