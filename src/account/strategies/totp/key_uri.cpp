#include "account/strategies/totp/key_uri.hpp"

#include "account/strategies/totp/code.hpp"

namespace authlens::account::totp {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void append_percent_encoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
}

bool usable_label_part(std::string_view part) {
  return !part.empty() && part.find(':') == std::string_view::npos;
}

}  // namespace

std::optional<std::string> key_uri(const Secret& secret, std::string_view issuer,
                                   std::string_view account) {
  if (!usable_label_part(issuer) || !usable_label_part(account)) return std::nullopt;
  std::string uri = "otpauth://totp/";
  append_percent_encoded(uri, issuer);
  uri += ':';
  append_percent_encoded(uri, account);
  uri += "?secret=";
  uri += secret.base32();
  uri += "&issuer=";
  append_percent_encoded(uri, issuer);
  uri += "&algorithm=SHA1&digits=" + std::to_string(kDigits) +
         "&period=" + std::to_string(kStepSeconds);
  return uri;
}

}  // namespace authlens::account::totp
