#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace authlens::account {

// Trims surrounding whitespace, checks the shape of an addr-spec (ASCII dot-atom local part
// without encoded words, dotted host name with a non-numeric top-level domain; no quoted strings,
// comments or IP literals) and lowercases all of it: an address is one identity whatever its case.
std::optional<std::string> normalize_email(std::string_view raw);

}  // namespace authlens::account
