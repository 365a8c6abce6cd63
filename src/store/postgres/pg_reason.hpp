#pragma once
// PostgreSQL's own reason, from a libpq message in verbose form ("…FATAL:  57P01: terminating
// connection due to administrator command"), as logs show it: "SQLSTATE 57P01: terminating …".
// Only the first line: later ones (DETAIL, CONTEXT) may carry bound values such as an address.
#include <string>
#include <string_view>

namespace authlens::store::postgres {

std::string pg_reason(std::string_view message);

}  // namespace authlens::store::postgres
