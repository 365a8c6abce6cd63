#include "account/strategies/passkey/base64url.hpp"

#include <sodium.h>

namespace authlens::account::passkey {

std::string to_base64url(const std::vector<std::uint8_t>& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::vector<std::uint8_t>> from_base64url(std::string_view text,
                                                        std::size_t max_bytes) {
  if (text.size() > (max_bytes * 4 + 2) / 3) return std::nullopt;
  std::vector<std::uint8_t> out(text.size() * 3 / 4 + 1);
  std::size_t size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &size, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(size);
  return out;
}

}  // namespace authlens::account::passkey
