#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace authlens::account {

// Trims surrounding whitespace, checks the shape of an addr-spec (dot-atom local part, dotted
// host name; no quoted strings, comments or IP literals) and lowercases the domain. The local
// part keeps its case: RFC 5321 leaves it to the receiving server.
std::optional<std::string> normalize_email(std::string_view raw);

}  // namespace authlens::account
