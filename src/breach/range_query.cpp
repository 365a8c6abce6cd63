#include "breach/range_query.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace authlens::breach {

RangeQuery range_query_for(std::string_view password) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  // SHA-1 because that is what the range API indexes; EVP_Digest is OpenSSL 3's one-shot form
  // (SHA1() is deprecated there).
  if (EVP_Digest(password.data(), password.size(), digest.data(), &length, EVP_sha1(), nullptr) !=
          1 ||
      length != 20)
    throw std::runtime_error("SHA-1 is not available from libcrypto");
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0F]);
  }
  return RangeQuery{hex.substr(0, 5), hex.substr(5)};
}

}  // namespace authlens::breach
